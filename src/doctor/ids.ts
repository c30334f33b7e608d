/**
 * Ids the doctor shares with package.json. Like the editor's, they belong in src/constants.ts
 * with the others; they live here until the lead moves them (that file is not this area's).
 */
import type { CommandId } from '../constants';

export const DoctorCommands = {
  run: 'scimJwt.doctor.run',
} as const;

/** `registerCommand` takes the ids of src/constants.ts; this is the same kind of id, declared in package.json. */
export function doctorCommandId(id: (typeof DoctorCommands)[keyof typeof DoctorCommands]): CommandId {
  return id as unknown as CommandId;
}

/** Read-only documents holding a doctor report (served from memory, never written to disk). */
export const DOCTOR_REPORT_SCHEME = 'scim-jwt-doctor';
