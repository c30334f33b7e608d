/** The names of the key-set refresh (keySetRefresh.ts), where users and URLs see them. */
/** The query parameter the refresh owns (our naming); its value is the UTC time of the refresh. */
export const REFRESH_PARAMETER = 'scim-jwt-refresh';

/** The flag of `scim-jwt setup` that runs the refresh. */
export const REFRESH_FLAG = '--refresh-key-set';

/** The refresh's name where users see it: its VS Code command's title in package.json. */
export const REFRESH_KEY_SET_TITLE = 'Make Harness Re-read the Key Set';
