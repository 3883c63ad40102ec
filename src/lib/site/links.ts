/** URLs of course pages, and the rewrite of relative links inside course Markdown. */
import type { Course, Module } from '../courses/course.ts';
import type { RenderEnv } from '../markdown/markdown.ts';

export const courseHref = (course: Pick<Course, 'slug'>) => `/courses/${course.slug}`;
export const moduleHref = (course: Pick<Course, 'slug'>, module: Pick<Module, 'id'>) => `/courses/${course.slug}/${module.id}`;
export const courseFileHref = (course: Pick<Course, 'slug'>, file: string) =>
  `/courses/${course.slug}/files/${file.split('/').map(encodeURIComponent).join('/')}`;

/** Module files (`02-next.md#part`) become module pages; other relative files are served from the course folder. */
export function courseLinkResolver(course: Course): NonNullable<RenderEnv['resolveLink']> {
  return (href) => {
    if (/^[a-z][a-z0-9+.-]*:/i.test(href) || href.startsWith('/') || href.startsWith('#')) return undefined;
    const [target = '', fragment] = href.split('#', 2);
    const file = target.replace(/^\.\//, '');
    const module = course.modules.find((m) => m.file === file);
    if (module) return moduleHref(course, module) + (fragment ? `#${fragment}` : '');
    return courseFileHref(course, file);
  };
}
