import { slackSignature, verifySlackSignature } from '../../../src/integrations/slack/signature';

/** Slack's documented example ("Verifying requests from Slack"): a slash command signed with a sample secret. */
const SECRET = '8f742231b10e8888abcd99yyyzzz85a5';
const TIMESTAMP = '1531420618';
const BODY =
  'token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&' +
  'channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&' +
  'response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&' +
  'trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c';
const SIGNATURE = 'v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503';
const AT = Number(TIMESTAMP);

describe("Slack's request signature", () => {
  it("computes the signature of Slack's documented example", () => {
    expect(slackSignature(SECRET, TIMESTAMP, BODY)).toBe(SIGNATURE);
  });

  it("verifies Slack's documented example within five minutes of its timestamp", () => {
    const headers = { timestamp: TIMESTAMP, signature: SIGNATURE };
    expect(verifySlackSignature(SECRET, headers, BODY, AT)).toEqual({ ok: true });
    expect(verifySlackSignature(SECRET, headers, BODY, AT + 300)).toEqual({ ok: true });
  });

  it('refuses the same request more than five minutes later, or earlier, as a replay', () => {
    const headers = { timestamp: TIMESTAMP, signature: SIGNATURE };
    expect(verifySlackSignature(SECRET, headers, BODY, AT + 301)).toEqual({
      ok: false,
      reason: 'STALE_TIMESTAMP',
    });
    expect(verifySlackSignature(SECRET, headers, BODY, AT - 301)).toEqual({
      ok: false,
      reason: 'STALE_TIMESTAMP',
    });
  });

  it('refuses a changed body, another secret, a changed timestamp or a truncated signature', () => {
    const headers = { timestamp: TIMESTAMP, signature: SIGNATURE };
    const bad = { ok: false, reason: 'BAD_SIGNATURE' };
    expect(verifySlackSignature(SECRET, headers, BODY.replace('roadrunner', 'coyote'), AT)).toEqual(bad);
    expect(verifySlackSignature('another-secret', headers, BODY, AT)).toEqual(bad);
    expect(verifySlackSignature(SECRET, { ...headers, timestamp: String(AT + 1) }, BODY, AT)).toEqual(bad);
    expect(verifySlackSignature(SECRET, { ...headers, signature: SIGNATURE.slice(0, -2) }, BODY, AT)).toEqual(
      bad,
    );
  });

  it('refuses a request without the headers, or with a timestamp that is not a number', () => {
    const missing = { ok: false, reason: 'MISSING_HEADERS' };
    expect(verifySlackSignature(SECRET, { signature: SIGNATURE }, BODY, AT)).toEqual(missing);
    expect(verifySlackSignature(SECRET, { timestamp: TIMESTAMP }, BODY, AT)).toEqual(missing);
    expect(verifySlackSignature(SECRET, { timestamp: '1e9', signature: SIGNATURE }, BODY, AT)).toEqual(
      missing,
    );
  });
});
