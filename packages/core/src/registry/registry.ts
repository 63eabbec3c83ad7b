import type { DependencyContainer } from 'tsyringe';

import { ConfigError, UnknownComponentError } from '../errors.js';

/** Anything a registry can hold: components are looked up by their `name`. */
export interface NamedComponent {
  readonly name: string;
}

/**
 * Name-keyed registry of one kind of component (model, loss, optimizer, metric, callback), backed by a
 * tsyringe container so an app's composition root owns every registration and disposes them together.
 */
export class ComponentRegistry<T extends NamedComponent> {
  private readonly registered = new Set<string>();

  constructor(
    private readonly container: DependencyContainer,
    readonly kind: string,
  ) {}

  /**
   * Registers a component under its `name`; registering a name again replaces the earlier entry.
   *
   * @throws ConfigError when the name is empty.
   */
  register(component: T): this {
    if (component.name.trim() === '') {
      throw new ConfigError(`cannot register a ${this.kind} with an empty name`);
    }

    this.container.register(this.token(component.name), { useValue: component });
    this.registered.add(component.name);
    return this;
  }

  /**
   * Returns the component registered under `name`.
   *
   * @throws UnknownComponentError listing the registered names when none matches.
   */
  resolve(name: string): T {
    if (!this.registered.has(name)) {
      throw new UnknownComponentError(this.kind, name, this.names());
    }
    return this.container.resolve<T>(this.token(name));
  }

  /** Returns whether a component is registered under `name`. */
  has(name: string): boolean {
    return this.registered.has(name);
  }

  /** Returns the registered names, sorted. */
  names(): string[] {
    return [...this.registered].sort();
  }

  private token(name: string): string {
    return `essence:${this.kind}:${name}`;
  }
}
