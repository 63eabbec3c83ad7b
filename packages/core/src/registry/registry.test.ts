import 'reflect-metadata';

import { container } from 'tsyringe';
import { describe, expect, it } from 'vitest';

import { ConfigError, UnknownComponentError } from '../errors.js';
import { ComponentRegistry } from './registry.js';

interface Widget {
  readonly name: string;
  readonly size: number;
}

function createRegistry(): ComponentRegistry<Widget> {
  return new ComponentRegistry<Widget>(container.createChildContainer(), 'widget');
}

describe('ComponentRegistry', () => {
  it('resolves a registered component', () => {
    const registry = createRegistry().register({ name: 'small', size: 1 });

    expect(registry.resolve('small')).toEqual({ name: 'small', size: 1 });
    expect(registry.has('small')).toBe(true);
  });

  it('lists names sorted', () => {
    const registry = createRegistry().register({ name: 'b', size: 2 }).register({ name: 'a', size: 1 });

    expect(registry.names()).toEqual(['a', 'b']);
  });

  it('replaces a name registered again', () => {
    const registry = createRegistry().register({ name: 'small', size: 1 }).register({ name: 'small', size: 3 });

    expect(registry.resolve('small').size).toBe(3);
    expect(registry.names()).toEqual(['small']);
  });

  it('unknown name lists registered names', () => {
    const registry = createRegistry().register({ name: 'small', size: 1 }).register({ name: 'large', size: 9 });

    expect(() => registry.resolve('medium')).toThrow(UnknownComponentError);
    expect(() => registry.resolve('medium')).toThrow("unknown widget 'medium'; registered widgets: 'large', 'small'");
  });

  it('unknown name in an empty registry', () => {
    expect(() => createRegistry().resolve('any')).toThrow("unknown widget 'any'; registered widgets: (none)");
  });

  it('rejects an empty name', () => {
    expect(() => createRegistry().register({ name: ' ', size: 1 })).toThrow(ConfigError);
  });

  it('keeps registrations out of the global container', () => {
    createRegistry().register({ name: 'isolated', size: 1 });

    expect(container.isRegistered('essence:widget:isolated')).toBe(false);
  });
});
