/**
 * Quick exit (progressive enhancement for `a[data-quick-exit]`): leaves for the link's address
 * with `location.replace`, so this page is not left in the history for Back to return to, and
 * blanks the page first so nothing stays on screen while the other site loads.
 */
function leave(link: HTMLAnchorElement, event: Event): void {
  event.preventDefault();
  document.body.style.visibility = 'hidden';
  window.location.replace(link.href);
}

for (const link of document.querySelectorAll<HTMLAnchorElement>('a[data-quick-exit]')) {
  link.addEventListener('click', (event) => leave(link, event));
}
