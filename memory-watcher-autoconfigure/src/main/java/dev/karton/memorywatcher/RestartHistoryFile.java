package dev.karton.memorywatcher;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * The restart history in a small text file that outlives the process, so that the next process
 * can show it and the restart-storm guard can count recent restarts.
 * <p>
 * One restart per line, tab-separated, after a comment line: {@code v1}, the time in epoch
 * milliseconds, the rule, the memory source, the memory figure, the baseline, the finished tasks
 * and the message. The file is replaced atomically (written beside it, then moved), so a crash
 * mid-write leaves the previous history. A file that cannot be read, holds lines that do not parse,
 * or cannot be written is reported once as a warning and never stops the consumer: the history is
 * then empty, or keeps the lines that parse.
 * <p>
 * Threads: the watcher loads the file once while it is created and saves it once when it requests
 * a restart.
 */
public final class RestartHistoryFile {

	/** How many restarts the file keeps, the newest ones. */
	public static final int KEPT = 20;

	private static final System.Logger logger = System.getLogger(RestartHistoryFile.class.getName());

	private static final String HEADER = "# memory-watcher restart history: v1, epoch millis, rule, memory source, "
			+ "memory bytes, baseline bytes, finished tasks, message";

	private static final String VERSION = "v1";

	private final Path path;

	/**
	 * Creates the history for a file, which need not exist yet.
	 * @param path the file
	 */
	public RestartHistoryFile(Path path) {
		this.path = path;
	}

	/**
	 * The file.
	 * @return the path
	 */
	public Path path() {
		return this.path;
	}

	/**
	 * Reads the history; a missing file is an empty history.
	 * @return the restarts, oldest first, at most {@link #KEPT}
	 */
	public List<RestartRecord> load() {
		List<String> lines;
		try {
			lines = Files.readAllLines(this.path, StandardCharsets.UTF_8);
		}
		catch (NoSuchFileException ex) {
			return List.of();
		}
		catch (IOException | RuntimeException ex) {
			logger.log(Level.WARNING, "cannot read the restart history " + this.path + " (" + ex
					+ "); the watcher starts with an empty history and will try to replace the file");
			return List.of();
		}
		List<RestartRecord> records = new ArrayList<>();
		int unreadable = 0;
		int firstUnreadable = 0;
		for (int i = 0; i < lines.size(); i++) {
			String line = lines.get(i);
			if (line.isBlank() || line.startsWith("#")) {
				continue;
			}
			RestartRecord record = parse(line);
			if (record != null) {
				records.add(record);
			}
			else if (unreadable++ == 0) {
				firstUnreadable = i + 1;
			}
		}
		if (unreadable > 0) {
			logger.log(Level.WARNING, "the restart history " + this.path + " has " + unreadable
					+ " line(s) that do not parse, the first at line " + firstUnreadable
					+ "; they are ignored and dropped on the next save");
		}
		return newest(records);
	}

	private static @Nullable RestartRecord parse(String line) {
		String[] fields = line.split("\t", -1);
		if (fields.length != 8 || !fields[0].equals(VERSION)) {
			return null;
		}
		try {
			return new RestartRecord(Instant.ofEpochMilli(Long.parseLong(fields[1])), requireText(fields[2]),
					requireText(fields[3]), Long.parseLong(fields[4]), Long.parseLong(fields[5]),
					Long.parseLong(fields[6]), fields[7]);
		}
		catch (RuntimeException ex) {
			return null;
		}
	}

	private static String requireText(String field) {
		if (field.isEmpty()) {
			throw new IllegalArgumentException("empty field");
		}
		return field;
	}

	/**
	 * Replaces the file with these restarts, keeping the newest {@link #KEPT}.
	 * @param records the restarts, oldest first
	 * @return whether the file was written
	 */
	public boolean save(List<RestartRecord> records) {
		StringBuilder content = new StringBuilder(HEADER).append('\n');
		for (RestartRecord record : newest(records)) {
			content.append(VERSION)
				.append('\t')
				.append(record.at().toEpochMilli())
				.append('\t')
				.append(oneField(record.rule()))
				.append('\t')
				.append(oneField(record.memorySource()))
				.append('\t')
				.append(record.memoryBytes())
				.append('\t')
				.append(record.baselineBytes())
				.append('\t')
				.append(record.finishedTasks())
				.append('\t')
				.append(oneField(record.message()))
				.append('\n');
		}
		Path temporary = this.path.resolveSibling(this.path.getFileName() + ".tmp");
		try {
			Path parent = this.path.toAbsolutePath().getParent();
			if (parent != null) {
				Files.createDirectories(parent);
			}
			Files.writeString(temporary, content, StandardCharsets.UTF_8);
			try {
				Files.move(temporary, this.path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
			}
			catch (AtomicMoveNotSupportedException ex) {
				Files.move(temporary, this.path, StandardCopyOption.REPLACE_EXISTING);
			}
			return true;
		}
		catch (IOException | RuntimeException ex) {
			logger.log(Level.WARNING, "cannot write the restart history " + this.path + " (" + ex
					+ "); the next process will not see this restart, and the restart goes on");
			return false;
		}
	}

	private static String oneField(String text) {
		return text.replace('\t', ' ').replace('\n', ' ').replace('\r', ' ');
	}

	private static List<RestartRecord> newest(List<RestartRecord> records) {
		return List.copyOf(records.subList(Math.max(0, records.size() - KEPT), records.size()));
	}

}
