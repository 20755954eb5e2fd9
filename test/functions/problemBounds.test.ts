/** Problem bodies stay small and secret-free whatever the issues that produced them. */
import { problemBody } from '../../functions/http/problemDetails';

describe('problemBody bounds', () => {
  it('lists at most 50 field errors plus one saying how many more, each text bounded', () => {
    const errors = Array.from({ length: 5000 }, (_, index) => ({
      path: `data.field${index}`,
      rule: 'schema.unknown-key',
      message: 'm'.repeat(10_000),
    }));
    const body = problemBody({
      status: 400,
      title: 'x',
      detail: 'd'.repeat(1_000_000),
      code: 'ValidationFailed',
      errors,
    });
    expect(body.errors).toHaveLength(51);
    expect(body.errors?.[50]?.message).toBe('4950 more errors not listed');
    expect(body.detail.length).toBeLessThanOrEqual(8 * 1024);
    expect(JSON.stringify(body).length).toBeLessThan(64 * 1024);
  });

  it('scrubs a secret value that reached a message', () => {
    const body = problemBody({
      status: 400,
      title: 'x',
      detail: 'md5Key="Plain-Secret-1" is wrong',
      errors: [{ path: 'md5Key', rule: 'r', message: '{"sharedKey":"Plain-Secret-2"}' }],
    });
    expect(JSON.stringify(body)).not.toMatch(/Plain-Secret/);
  });
});
