import type { Request, RequestHandler, Response } from 'express';

/**
 * Runs one middleware (such as a multer upload) inside a handler and returns a promise of its outcome.
 *
 * The promise rejects when the middleware passes an error to `next`, throws synchronously, or the connection
 * closes first. Stream and busboy callbacks then only settle the promise, so an error raised there reaches the
 * service error handler through the awaiting handler instead of escaping as an uncaught exception.
 * The middleware must call `next` or fail; one that ends the response itself is reported as closed.
 */
export function runMiddleware(middleware: RequestHandler, req: Request, res: Response): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const onClose = (): void => {
      reject(new Error('the connection closed before the middleware finished'));
    };
    res.once('close', onClose);

    const settle = (error?: unknown): void => {
      res.off('close', onClose);
      if (error === undefined || error === null || error === 'route' || error === 'router') {
        resolve();
        return;
      }
      reject(error instanceof Error ? error : new Error(String(error)));
    };

    try {
      const result: unknown = middleware(req, res, settle);
      if (result instanceof Promise) {
        result.catch((error: unknown) => settle(error ?? new Error('middleware rejected with a nullish value')));
      }
    } catch (error) {
      settle(error ?? new Error('middleware threw a nullish value'));
    }
  });
}
