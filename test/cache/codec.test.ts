import { decodeValue, encodeValue } from '../../src/cache/codec';

describe('the cache codec', () => {
  it('brings Dates back as Dates, nested anywhere', () => {
    const value = {
      a: new Date(1_700_000_000_123),
      list: [{ at: new Date(0) }],
      text: '2024-01-01T00:00:00Z',
    };
    const back = decodeValue<typeof value>(encodeValue(value));
    expect(back.a).toBeInstanceOf(Date);
    expect(back.a.getTime()).toBe(1_700_000_000_123);
    expect(back.list[0]?.at).toEqual(new Date(0));
    expect(back.text).toBe('2024-01-01T00:00:00Z');
  });
});
