/**
 * Header and claims of tokens that providers and their users published, each with where it was
 * published. Signatures are not kept (the tests re-sign with their own key; recognition and the typ
 * verdict read only header and claims). Personal values (e-mail addresses, names, pictures) are
 * replaced by example values and providers' custom profile claims are left out; every claim the
 * product reads is as published.
 *
 * "public code index id N": a public GitHub file found by content search whose repository the index
 * does not name; the id is the file's id in that index.
 */

export interface RealToken {
  label: string;
  source: string;
  header: Record<string, unknown>;
  payload: Record<string, unknown>;
  expect: {
    /** Catalogue id; undefined when no entry should claim it. */
    id: string | undefined;
    by: 'issuer' | 'shape';
    /** Offline: the proposed JWKS URL (the offline fallback for conventional paths), or null. */
    jwksUrl: string | null;
    keyField: string | null;
    /** Whether the header passes Harness's typ rule (a typ containing "jwt"). */
    typOk: boolean;
  };
}

export const REAL_TOKENS: readonly RealToken[] = [
  {
    label: "Azure AD B2C sample ID token in Microsoft's token reference (sub is the placeholder sentence)",
    source:
      'MicrosoftDocs/azure-docs@f0a132dccbc86e6a3256f45b589d16064c60a0ec:articles/active-directory-b2c/active-directory-b2c-reference-tokens.md',
    header: { typ: 'JWT', alg: 'RS256', kid: 'IdTokenSigningKeyContainer' },
    payload: {
      exp: 1442360034,
      nbf: 1442356434,
      ver: '1.0',
      iss: 'https://login.microsoftonline.com/775527ff-9a37-4307-8b3d-cc311f58d925/v2.0/',
      acr: 'b2c_1_sign_in_stock',
      sub: 'Not supported currently. Use oid claim.',
      aud: '90c0fe63-bcf2-44d5-8fb7-b8bbc0b29dc6',
      iat: 1442356434,
      auth_time: 1442356434,
      idp: 'facebook.com',
    },
    expect: {
      id: 'azure-b2c',
      by: 'issuer',
      jwksUrl:
        'https://login.microsoftonline.com/775527ff-9a37-4307-8b3d-cc311f58d925/discovery/v2.0/keys?p=b2c_1_sign_in_stock',
      keyField: null,
      typOk: true,
    },
  },
  {
    label: "Azure AD B2C ROPC access token in Microsoft's how-to (no user flow claim, sub the placeholder)",
    source:
      "Microsoft's Azure AD B2C resource owner password credentials how-to, French localisation (public code index id 20363526062)",
    header: { typ: 'JWT', alg: 'RS256', kid: 'OXB3au3RqhTAczGDVd39v3iNirMhj7l1222JxzNh0FY' },
    payload: {
      iss: 'https://te.cpim.windows.net/f06c2fe8-709f-4030-85dc-38a4bfd9e82d/v2.0/',
      exp: 1513130078,
      nbf: 1513126478,
      aud: 'bef22d56-552f-4a5b-b90a-1988a7d634ce',
      oid: '3c3b969c-8c49-4e11-a4ef-fdb2f392f049',
      sub: 'Not supported currently. Use oid claim.',
      azp: 'bef22d56-552f-4a5b-b90a-1988a7d634ce',
      ver: '1.0',
      iat: 1513126478,
    },
    expect: { id: 'azure-b2c', by: 'issuer', jwksUrl: null, keyField: 'azp', typOk: true },
  },
  {
    label: 'Azure AD B2C ID token on a custom domain, custom policy in acr',
    source: 'public code index id 18708875339 (custom ZeissId* profile claims left out)',
    header: { typ: 'JWT', alg: 'RS256', kid: 'psITVpKboGVLqrphbKgHmdLmueCxSu_JqtTN4l1Cgq0' },
    payload: {
      exp: 1668032271,
      nbf: 1668028671,
      ver: '1.0',
      iss: 'https://b2cstage.zeiss.com/483f449b-6a0d-4354-b7e7-37113e7d4ca1/v2.0/',
      sub: 'Not supported currently. Use oid claim.',
      aud: 'e22a35cd-683a-4e6f-8994-d0d7703c03bd',
      acr: 'b2c_1a_zeissidropcsignin',
      iat: 1668028671,
      auth_time: 1668028671,
      oid: '1f4b0854-7a82-413d-8e46-be8b73e7ac7a',
    },
    expect: {
      id: 'azure-b2c',
      by: 'issuer',
      jwksUrl:
        'https://b2cstage.zeiss.com/483f449b-6a0d-4354-b7e7-37113e7d4ca1/discovery/v2.0/keys?p=b2c_1a_zeissidropcsignin',
      keyField: 'oid',
      typOk: true,
    },
  },
  {
    label: 'Azure AD B2C ID token on b2clogin.com, user flow in tfp',
    source: 'public code index id 14166703483 (given_name replaced)',
    header: { typ: 'JWT', alg: 'RS256', kid: 'X5eXk4xyojNFum1kl2Ytv8dlNP4-c57dO6QGTVBwaNk' },
    payload: {
      iss: 'https://cheddarapp.b2clogin.com/9a2d95ef-40b8-4004-b1aa-b2860dc44b1b/v2.0/',
      exp: 1653383965,
      nbf: 1653380365,
      aud: 'e740fe9f-b317-4aa5-8196-9be58e0b30e3',
      sub: '5aecb94a-ac4c-46ef-a1ed-67a5ad210f47',
      given_name: 'Example',
      tfp: 'B2C_1_CheddarSignInSignUp',
      nonce: '63743c6a-6140-4680-bda0-3dd26eda515b',
      azp: 'e740fe9f-b317-4aa5-8196-9be58e0b30e3',
      ver: '1.0',
      iat: 1653380365,
    },
    expect: {
      id: 'azure-b2c',
      by: 'issuer',
      jwksUrl:
        'https://cheddarapp.b2clogin.com/9a2d95ef-40b8-4004-b1aa-b2860dc44b1b/discovery/v2.0/keys?p=B2C_1_CheddarSignInSignUp',
      keyField: 'azp',
      typOk: true,
    },
  },
  {
    label:
      'Okta custom authorization server on a custom domain (2020), used as an expired fixture by an Okta verifier test',
    source: 'public code index id 35149147072 (sub, an e-mail address, replaced)',
    header: { kid: '0B-w4pmxsLMyf-EI2x7lqFLvTqCV4SLNccF6Kff6RyI', alg: 'RS256' },
    payload: {
      ver: 1,
      jti: 'AT.-tltpTiWChGl1bZwxE4GKNKj4nezz8ZWTKS55tdHfog',
      iss: 'https://auth.thoraxstudios.com/oauth2/ausrki6tz3fmnVObF0h7',
      aud: 'com.thoraxstudios.oktaadminapi',
      iat: 1589999062,
      exp: 1590002662,
      cid: '0oarcjf7g39FMj1ZJ0h7',
      uid: '00umsmn2zeHhlu3sY0h7',
      scp: ['email', 'profile', 'openid'],
      sub: 'user@example.com',
    },
    expect: {
      id: 'okta-custom',
      by: 'shape',
      jwksUrl: 'https://auth.thoraxstudios.com/oauth2/ausrki6tz3fmnVObF0h7/v1/keys',
      keyField: 'cid',
      typOk: false,
    },
  },
  {
    label: "GitLab's legacy CI_JOB_JWT from a self-managed instance (iss a bare host, sub job_{id})",
    source:
      'public code index id 38431040059, a Rust test that verifies it against https://git.itsufficient.me/-/jwks (user_email replaced)',
    header: { alg: 'RS256', kid: 'MnX6_VzIPaLxufWSUXvwbmzD3GhHSc_y-SvVmI_q0Rw', typ: 'JWT' },
    payload: {
      namespace_id: '8',
      namespace_path: 'alpine',
      project_id: '97',
      project_path: 'alpine/staticserve',
      user_id: '2',
      user_login: 'eric',
      user_email: 'user@example.com',
      pipeline_id: '645',
      pipeline_source: 'push',
      job_id: '937',
      ref: '0.1.1',
      ref_type: 'tag',
      ref_protected: 'true',
      jti: '24dc5702-0de2-403a-ad76-911d04c8d877',
      iss: 'git.itsufficient.me',
      iat: 1631882173,
      nbf: 1631882168,
      exp: 1631885773,
      sub: 'job_937',
    },
    expect: {
      id: 'gitlab-ci',
      by: 'shape',
      jwksUrl: 'https://git.itsufficient.me/-/jwks',
      keyField: 'project_path',
      typOk: true,
    },
  },
  {
    label: 'Google ID token from 2017: no typ in the header',
    source: 'public code index id 2518409400, a Python socket.io test (e-mail, name and picture replaced)',
    header: { alg: 'RS256', kid: '59d3d6a5023befc2adefdfd42be2e8bf894c4768' },
    payload: {
      iss: 'accounts.google.com',
      iat: 1488740410,
      exp: 1488744010,
      at_hash: 'dVhLxKvbF6UeuKLKQKHKpA',
      aud: '339887222847-7237f4eqsp22ddnj9h44chgbnoq1s8mk.apps.googleusercontent.com',
      sub: '107506963085422233753',
      email_verified: true,
      azp: '339887222847-7237f4eqsp22ddnj9h44chgbnoq1s8mk.apps.googleusercontent.com',
      hd: 'example.edu',
      email: 'user@example.edu',
      locale: 'en',
    },
    expect: {
      id: 'google',
      by: 'issuer',
      jwksUrl: 'https://www.googleapis.com/oauth2/v3/certs',
      keyField: 'sub',
      typOk: false,
    },
  },
  {
    label: 'Google ID token from 2020: typ JWT',
    source: 'Jefflin413/ASE-team-project:test_app.py (e-mail, names and picture replaced)',
    header: { alg: 'RS256', kid: 'd4cba25e563660a9009d820a1c02022070574e82', typ: 'JWT' },
    payload: {
      iss: 'https://accounts.google.com',
      azp: '323096599532-8s9n1ghalptibfbvqnlalbv4qvq5drk1.apps.googleusercontent.com',
      aud: '323096599532-8s9n1ghalptibfbvqnlalbv4qvq5drk1.apps.googleusercontent.com',
      sub: '106056808542813109092',
      email: 'user@example.com',
      email_verified: true,
      at_hash: 'wPNe-TkPhM2SdGlMz8aYZA',
      locale: 'en',
      iat: 1607206832,
      exp: 1607210432,
    },
    expect: {
      id: 'google',
      by: 'issuer',
      jwksUrl: 'https://www.googleapis.com/oauth2/v3/certs',
      keyField: 'sub',
      typOk: true,
    },
  },
  {
    label: 'Microsoft Entra v2.0 ID token (consumer tenant) in an "ID Token Zoo" document',
    source: 'public code index id 17910513234 ("ID Token Zoo"; e-mail replaced)',
    header: { typ: 'JWT', alg: 'RS256', kid: 'aB0xDdGXk535PvewBP9Hl5pf7wc' },
    payload: {
      ver: '2.0',
      iss: 'https://login.microsoftonline.com/9188040d-6c67-4c5b-b112-36a304b66dad/v2.0',
      sub: 'AAAAAAAAAAAAAAAAAAAAAJ8PFm0pjpXKQouYRalE11g',
      aud: 'bd345b9c-6902-400d-9e18-45abdf0f698f',
      exp: 1737500954,
      iat: 1737414254,
      nbf: 1737414254,
      preferred_username: 'user@example.com',
      oid: '00000000-0000-0000-7862-618d09e9fa0e',
      email: 'user@example.com',
      tid: '9188040d-6c67-4c5b-b112-36a304b66dad',
      nonce: 'pElF-ABr22cAQOTAC0qpxI83OH14Hu7fjRSWzS6ViLY',
    },
    expect: {
      id: 'entra-v2',
      by: 'issuer',
      jwksUrl: 'https://login.microsoftonline.com/9188040d-6c67-4c5b-b112-36a304b66dad/discovery/v2.0/keys',
      keyField: 'sub',
      typOk: true,
    },
  },
  {
    label: 'GitHub Actions OIDC token (2025, an enterprise repository): typ JWT; run ids never proposed',
    source: 'public code index id 20423501261, a GitHub Action that pasted its token (actor replaced)',
    header: {
      typ: 'JWT',
      alg: 'RS256',
      x5t: 'Hyq4NATAjsnqC7mdrtAhhrCR2_Q',
      kid: '1F2AB83404C08EC9EA0BB99DAED02186B091DBF4',
    },
    payload: {
      jti: '640ab22b-a444-4088-9232-5ddf6908d1b4',
      sub: 'repo:neu-se/autograder-action:ref:refs/heads/main',
      aud: 'https://github.com/neu-se',
      ref: 'refs/heads/main',
      sha: '87094ea4756a84eb768be22a43bfed71eeecd472',
      repository: 'neu-se/autograder-action',
      repository_owner: 'neu-se',
      repository_owner_id: '76491096',
      run_id: '13023045748',
      run_number: '12',
      run_attempt: '2',
      repository_visibility: 'public',
      repository_id: '922761846',
      actor_id: '2130186',
      actor: 'octocat',
      workflow: 'Continuous Integration',
      head_ref: '',
      base_ref: '',
      event_name: 'push',
      ref_protected: 'false',
      ref_type: 'branch',
      workflow_ref: 'neu-se/autograder-action/.github/workflows/ci.yml@refs/heads/main',
      job_workflow_ref: 'neu-se/autograder-action/.github/workflows/ci.yml@refs/heads/main',
      runner_environment: 'github-hosted',
      enterprise_id: '521',
      enterprise: 'northeastern-university',
      iss: 'https://token.actions.githubusercontent.com',
      nbf: 1738114763,
      exp: 1738115663,
      iat: 1738115363,
    },
    expect: {
      id: 'github-actions',
      by: 'issuer',
      jwksUrl: 'https://token.actions.githubusercontent.com/.well-known/jwks',
      keyField: 'sub',
      typOk: true,
    },
  },
  {
    label: 'Amazon Cognito access token (2024): only kid and alg in the header',
    source: 'public code index id 1585752950 (the published excerpt ends after jti; later claims unknown)',
    header: { kid: 'wOXvJ2FrJOILR0+plj7sYXdk3+d2lAXGB86oaZcYtZ4=', alg: 'RS256' },
    payload: {
      sub: '65k9ldtusjih0096g26mgdt5pd',
      token_use: 'access',
      scope: 'overledger/read.scope',
      auth_time: 1709561253,
      iss: 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_qerfuUC0b',
      exp: 1709564853,
      iat: 1709561253,
      version: 2,
    },
    expect: {
      id: 'cognito',
      by: 'issuer',
      jwksUrl: 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_qerfuUC0b/.well-known/jwks.json',
      keyField: 'sub',
      typOk: false,
    },
  },
];
