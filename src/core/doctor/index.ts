/** The SCIM JWT doctor: the eight-step check of the whole chain, its report and its markdown. */
export * from './types';
export { runDoctor, type DoctorInput } from './run';
export { doctorMarkdown } from './markdown';
