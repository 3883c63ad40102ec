/**
 * /staff/qa/<cohort>/record.csv: the group's sampling plans and QA record as a spreadsheet,
 * one row per sampled decision, for the group's IQAs. Formulas are defused (lib/qa/csv.ts).
 */
import { qaRecordCsvRoute } from '../../../../lib/qa/csv-route.ts';

export const GET = qaRecordCsvRoute('iqa', '/staff/qa');
