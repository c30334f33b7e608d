/**
 * `scim-jwt doctor --json`: the report in a shape scheduled jobs can rely on (docs/doctor-json.md).
 * Version 1 is the report as `runDoctor` returns it, plus `schemaVersion`, `exitCode`, the problem
 * ids of every failed or warned step, and `staleKeySet` (null when Harness's key set is current).
 * Fields are only ever added within a version; a rename or removal bumps `schemaVersion`.
 */
import { staleKeySetIsOnlyProblem } from './tokenSteps';
import type { DoctorProblem, DoctorReport } from './types';

export const DOCTOR_JSON_SCHEMA_VERSION = 1;

export type DoctorJson = Omit<DoctorReport, 'staleKeySet'> & {
  schemaVersion: typeof DOCTOR_JSON_SCHEMA_VERSION;
  /** The exit code `scim-jwt doctor` ends with (docs/doctor-json.md, "Exit codes"). */
  exitCode: number;
  /** The problem ids of the steps that failed or warned, in step order, without repeats. */
  problems: DoctorProblem[];
  /**
   * `onlyProblem`: every failed step's problem is the stale key set or its consequence on the SCIM
   * calls, so the refresh is the whole fix (a scheduled job refreshes only then).
   */
  staleKeySet: (NonNullable<DoctorReport['staleKeySet']> & { onlyProblem: boolean }) | null;
};

export function doctorJson(report: DoctorReport, exitCode: number): DoctorJson {
  const problems: DoctorProblem[] = [];
  for (const s of report.steps)
    if ((s.status === 'fail' || s.status === 'warn') && s.problem !== undefined && !problems.includes(s.problem))
      problems.push(s.problem);
  return {
    schemaVersion: DOCTOR_JSON_SCHEMA_VERSION,
    ...report,
    exitCode,
    problems,
    staleKeySet: report.staleKeySet
      ? { ...report.staleKeySet, onlyProblem: staleKeySetIsOnlyProblem(report.steps) }
      : null,
  };
}
