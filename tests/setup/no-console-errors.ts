import { afterEach, beforeEach, expect, vi } from 'vitest';

// Component tests fail on any console error, as the end-to-end tests do.
let spy: ReturnType<typeof vi.spyOn>;
beforeEach(() => {
  spy = vi.spyOn(console, 'error');
});
afterEach(() => {
  expect(spy, 'console.error was called').not.toHaveBeenCalled();
  spy.mockRestore();
});
