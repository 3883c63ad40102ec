/**
 * How often one person may make their portfolio: each export reads their whole record and
 * (for the zip) every evidence file, so a generous limit per person per hour keeps one
 * person's repeated clicks from slowing the site for everyone.
 */
import { SlidingWindowLimiter } from '../auth/rate-limit.ts';

export const PORTFOLIO_EXPORTS_PER_HOUR = 20;
export const portfolioExports = new SlidingWindowLimiter({ limit: PORTFOLIO_EXPORTS_PER_HOUR, windowMs: 60 * 60_000, shareAs: 'portfolio.exports' });
