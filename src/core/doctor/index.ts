/** The SCIM JWT doctor: the eight-step check of the whole chain, its report and its markdown. */
export * from './types';
export { runDoctor, refreshCommandLine, type DoctorInput } from './run';
export { doctorMarkdown } from './markdown';
export { doctorJson, DOCTOR_JSON_SCHEMA_VERSION, type DoctorJson } from './json';
