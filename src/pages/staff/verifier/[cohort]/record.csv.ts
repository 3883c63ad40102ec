/**
 * /staff/verifier/<cohort>/record.csv: the group's QA record as a spreadsheet, read-only,
 * one row per sampled decision, for the group's external verifiers. Formulas are defused (lib/qa/csv.ts).
 */
import { qaRecordCsvRoute } from '../../../../lib/qa/csv-route.ts';

export const GET = qaRecordCsvRoute('verifier', '/staff/verifier');
