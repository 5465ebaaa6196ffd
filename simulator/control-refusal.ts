/**
 * Thrown by a control action whose parameters were well-formed but do not fit the simulator (an
 * unknown symbol, a fault the venue does not have); the control API answers it with `status` and `body`.
 */
export class ControlRefusal extends Error {
  override readonly name = 'ControlRefusal';

  constructor(
    readonly status: 400 | 404,
    readonly body: { readonly error: string; readonly parameter?: string; readonly allowed?: string },
  ) {
    super(body.error);
  }
}
