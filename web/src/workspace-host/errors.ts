/** Thrown to the simulator when it drives a contact this agent's workspace was never offered. */
export class UnknownContactError extends Error {
  constructor(contactId: string, options?: ErrorOptions) {
    super(`contact ${contactId} was not offered to this agent`, options);
    this.name = 'UnknownContactError';
  }
}

/** Thrown to the simulator when a step does not follow from the contact's state (connect before offer…). */
export class ContactStateError extends Error {
  constructor(step: string, state: string, expected: readonly string[], options?: ErrorOptions) {
    super(
      `cannot ${step} a contact that is ${state}; expected one that is ${expected.join(' or ')}`,
      options,
    );
    this.name = 'ContactStateError';
  }
}

/** Thrown when the simulator offers a contact id this agent already has. */
export class DuplicateContactError extends Error {
  constructor(contactId: string, options?: ErrorOptions) {
    super(`contact ${contactId} is already with this agent`, options);
    this.name = 'DuplicateContactError';
  }
}

/** Thrown when the simulator drives a host after `stop()`. */
export class HostStoppedError extends Error {
  constructor(options?: ErrorOptions) {
    super('the workspace host was stopped', options);
    this.name = 'HostStoppedError';
  }
}
