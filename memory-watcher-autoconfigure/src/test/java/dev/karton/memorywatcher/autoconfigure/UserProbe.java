package dev.karton.memorywatcher.autoconfigure;

import dev.karton.memorywatcher.MemoryProbe;

/**
 * A user's own memory figure, with no limit, for tests of the auto-configuration backing off.
 */
class UserProbe implements MemoryProbe {

	@Override
	public String name() {
		return "user";
	}

	@Override
	public String description() {
		return "the user's own figure";
	}

	@Override
	public long currentBytes() {
		return 1;
	}

}
