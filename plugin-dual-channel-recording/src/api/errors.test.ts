import { FunctionError } from './errors';

describe('FunctionError', () => {
  it("types its code with the contract's codes, so a branch on a code the contract does not define fails to compile", () => {
    const error = new FunctionError({ status: 404, code: 'no_recording', message: 'No recording' });
    expect(error.code === 'no_recording').toBe(true);
    // @ts-expect-error -- not a contract code: renaming or dropping a code breaks every branch on it
    expect(error.code === 'no_such_code').toBe(false);
    // @ts-expect-error -- nor can one be thrown with a code the contract does not define
    expect(new FunctionError({ status: 403, code: 'no_such_code', message: 'x' }).code).toBe('no_such_code');
  });
});
