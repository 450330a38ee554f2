/** The sessionStorage key holding the pasted API key or JWT: this tab only, gone when it closes. */
export const CREDENTIAL_KEY = 'cpgw.credential';
