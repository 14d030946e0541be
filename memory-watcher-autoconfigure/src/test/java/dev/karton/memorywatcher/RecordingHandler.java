package dev.karton.memorywatcher;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Records every restart request instead of carrying it out.
 */
public final class RecordingHandler implements RestartHandler {

	public final List<RestartReason> reasons = new CopyOnWriteArrayList<>();

	@Override
	public void restartRequested(MemoryWatcher watcher, RestartReason reason) {
		this.reasons.add(reason);
	}

}
