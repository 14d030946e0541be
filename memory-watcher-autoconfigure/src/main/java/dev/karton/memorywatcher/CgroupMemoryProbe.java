package dev.karton.memorywatcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

/**
 * The memory of this process's cgroup as kubelet counts its working set: the cgroup's usage minus
 * its inactive file cache ({@code total_inactive_file} on cgroup v1, {@code inactive_file} on v2),
 * the figure kubelet evicts on. Its limit is the smallest memory limit of the cgroup and its
 * ancestors, against which the OOM killer charges the cgroup; "unlimited" is detected, never used
 * as a number.
 * <p>
 * Both files are opened once and read with positional reads, as {@link ProcRssProbe} reads statm,
 * into one buffer; reads are serialised because they share it. The usage is read on every call
 * (about 4 µs on cgroup v1 here); {@code memory.stat} costs about 50 µs, because the kernel sums
 * every statistic for each read, so its inactive file figure is read again only once it is
 * {@link #STAT_REFRESH} old: the working set's file cache part may lag by that much.
 */
public final class CgroupMemoryProbe implements MemoryProbe, AutoCloseable {

	/** How long an inactive file figure read from {@code memory.stat} is used. */
	public static final Duration STAT_REFRESH = Duration.ofSeconds(1);

	/** Limits from this value up are the kernel's "unlimited" (v1 writes LONG_MAX rounded to a page). */
	static final long UNLIMITED = 1L << 62;

	/** Which cgroup hierarchy holds the memory controller. */
	public enum Version {

		/** cgroup v1: {@code memory.usage_in_bytes}, {@code memory.limit_in_bytes}. */
		V1("memory.usage_in_bytes", "total_inactive_file", "memory.limit_in_bytes"),

		/** cgroup v2: {@code memory.current}, {@code memory.max}. */
		V2("memory.current", "inactive_file", "memory.max");

		private final String usageFile;

		private final String inactiveFileKey;

		private final String limitFile;

		Version(String usageFile, String inactiveFileKey, String limitFile) {
			this.usageFile = usageFile;
			this.inactiveFileKey = inactiveFileKey;
			this.limitFile = limitFile;
		}

	}

	private final Version version;

	private final Path directory;

	private final long limitBytes;

	private final String limitDescription;

	private final FileChannel usage;

	private final FileChannel stat;

	private final byte[] inactiveFileKey;

	private final long statRefreshNanos;

	private ByteBuffer buffer = ByteBuffer.allocate(8192);

	// Guarded by this: the last inactive file figure and when it was read.
	private long inactiveFileBytes;

	private long inactiveFileReadNanos;

	private boolean inactiveFileRead;

	CgroupMemoryProbe(Version version, Path directory, @Nullable Path mountPoint, Duration statRefresh)
			throws IOException {
		this.version = version;
		this.statRefreshNanos = statRefresh.toNanos();
		this.directory = directory;
		this.inactiveFileKey = (version.inactiveFileKey + " ").getBytes(StandardCharsets.US_ASCII);
		this.usage = FileChannel.open(directory.resolve(version.usageFile), StandardOpenOption.READ);
		this.stat = FileChannel.open(directory.resolve("memory.stat"), StandardOpenOption.READ);
		LimitFound limit = readLimit(version, directory, mountPoint);
		this.limitBytes = limit.bytes();
		this.limitDescription = limit.description();
	}

	/**
	 * Finds this process's memory cgroup from {@code /proc/self/cgroup} and
	 * {@code /proc/self/mountinfo}, under a file system root.
	 * @param root {@code /}, or a directory laid out like it (tests)
	 * @return the probe, whether or not its cgroup has a limit
	 * @throws IllegalStateException when the process is in no memory cgroup that can be read, with a
	 * message saying what was looked for
	 */
	public static CgroupMemoryProbe locate(Path root) {
		return locate(root, STAT_REFRESH);
	}

	static CgroupMemoryProbe locate(Path root, Duration statRefresh) {
		Path cgroupFile = root.resolve("proc/self/cgroup");
		Path mountinfoFile = root.resolve("proc/self/mountinfo");
		List<String> cgroups;
		List<String> mounts;
		try {
			cgroups = Files.readAllLines(cgroupFile, StandardCharsets.UTF_8);
			mounts = Files.readAllLines(mountinfoFile, StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new IllegalStateException("cannot read /proc/self/cgroup and /proc/self/mountinfo ("
					+ ex.getMessage() + "): this is not a Linux process in a cgroup", ex);
		}
		@Nullable String v1Path = null;
		@Nullable String v2Path = null;
		for (String line : cgroups) {
			String[] parts = line.split(":", 3);
			if (parts.length < 3) {
				continue;
			}
			if (List.of(parts[1].split(",")).contains("memory")) {
				v1Path = parts[2];
			}
			else if (parts[0].equals("0") && parts[1].isEmpty()) {
				v2Path = parts[2];
			}
		}
		if (v1Path != null) {
			CgroupMemoryProbe probe = open(Version.V1, v1Path, mounts, root, statRefresh);
			if (probe != null) {
				return probe;
			}
		}
		if (v2Path != null) {
			CgroupMemoryProbe probe = open(Version.V2, v2Path, mounts, root, statRefresh);
			if (probe != null) {
				return probe;
			}
		}
		throw new IllegalStateException("this process is in no memory cgroup: /proc/self/cgroup names "
				+ ((v1Path != null) ? "the v1 memory cgroup " + v1Path : "no v1 memory cgroup")
				+ ((v2Path != null) ? " and the v2 cgroup " + v2Path : " and no v2 cgroup")
				+ ", and no mounted cgroup directory for it has memory usage files");
	}

	private static @Nullable CgroupMemoryProbe open(Version version, String cgroupPath, List<String> mounts,
			Path root, Duration statRefresh) {
		for (String mount : mounts) {
			// "36 25 0:32 / /sys/fs/cgroup/memory rw,relatime shared:14 - cgroup cgroup rw,memory"
			int separator = mount.indexOf(" - ");
			if (separator < 0) {
				continue;
			}
			String[] fields = mount.substring(0, separator).split(" ");
			String[] fsFields = mount.substring(separator + 3).split(" ");
			if (fields.length < 5 || fsFields.length < 1) {
				continue;
			}
			boolean matches = (version == Version.V1)
					? fsFields[0].equals("cgroup") && fsFields.length >= 3
							&& List.of(fsFields[2].split(",")).contains("memory")
					: fsFields[0].equals("cgroup2");
			if (!matches) {
				continue;
			}
			String mountRoot = unescape(fields[3]);
			Path mountPoint = root.resolve(unescape(fields[4]).substring(1));
			for (Path candidate : candidates(mountPoint, mountRoot, cgroupPath)) {
				if (Files.isReadable(candidate.resolve(version.usageFile))
						&& Files.isReadable(candidate.resolve("memory.stat"))) {
					try {
						return new CgroupMemoryProbe(version, candidate, mountPoint, statRefresh);
					}
					catch (IOException ex) {
						// try the next candidate; the caller reports none found
					}
				}
			}
		}
		return null;
	}

	/**
	 * The directories that can hold the cgroup: the cgroup's path below the mount (the mount shows
	 * the whole hierarchy, or the part from its root down), else the mount itself (a container whose
	 * cgroup namespace hides the path, or that mounts only its own cgroup).
	 */
	private static List<Path> candidates(Path mountPoint, String mountRoot, String cgroupPath) {
		String relative;
		if (mountRoot.equals("/")) {
			relative = cgroupPath;
		}
		else if (cgroupPath.startsWith(mountRoot)) {
			relative = cgroupPath.substring(mountRoot.length());
		}
		else {
			return List.of(mountPoint);
		}
		relative = relative.startsWith("/") ? relative.substring(1) : relative;
		return relative.isEmpty() ? List.of(mountPoint) : List.of(mountPoint.resolve(relative), mountPoint);
	}

	/** mountinfo escapes spaces, tabs, newlines and backslashes as octal. */
	private static String unescape(String field) {
		return field.replace("\\040", " ").replace("\\011", "\t").replace("\\012", "\n").replace("\\134", "\\");
	}

	private record LimitFound(long bytes, String description) {
	}

	private static LimitFound readLimit(Version version, Path directory, @Nullable Path mountPoint)
			throws IOException {
		long limit = Long.MAX_VALUE;
		Path limitedBy = null;
		String ownRaw = Files.readString(directory.resolve(version.limitFile), StandardCharsets.US_ASCII).trim();
		if (version == Version.V1) {
			// Ancestors' limits apply too; v1 sums them up in memory.stat.
			limit = parseLimit(ownRaw);
			limitedBy = directory;
			String hierarchical = statValue(Files.readString(directory.resolve("memory.stat"), StandardCharsets.US_ASCII),
					"hierarchical_memory_limit");
			if (hierarchical != null && parseLimit(hierarchical) < limit) {
				limit = parseLimit(hierarchical);
				limitedBy = directory.getParent();
			}
		}
		else {
			// v2 has no summary: walk up to the mount, keeping the smallest memory.max.
			for (Path dir = directory; dir != null; dir = dir.getParent()) {
				Path file = dir.resolve(version.limitFile);
				if (Files.isReadable(file)) {
					long value = parseLimit(Files.readString(file, StandardCharsets.US_ASCII).trim());
					if (value < limit) {
						limit = value;
						limitedBy = dir;
					}
				}
				if (mountPoint == null || dir.equals(mountPoint)) {
					break;
				}
			}
		}
		if (limit >= UNLIMITED) {
			return new LimitFound(-1, "none (" + version.limitFile + " is " + ownRaw + ", which means unlimited)");
		}
		String where = directory.equals(limitedBy) ? "" : " of ancestor " + limitedBy;
		return new LimitFound(limit, "cgroup " + version.name().toLowerCase(Locale.ROOT) + " " + version.limitFile + where);
	}

	private static long parseLimit(String raw) {
		if (raw.equals("max")) {
			return Long.MAX_VALUE;
		}
		try {
			return Long.parseLong(raw);
		}
		catch (NumberFormatException ex) {
			// An out-of-range number is larger than any real memory.
			return raw.chars().allMatch(Character::isDigit) ? Long.MAX_VALUE : throwUnexpected(raw);
		}
	}

	private static long throwUnexpected(String raw) {
		throw new IllegalStateException("unexpected memory limit '" + raw + "'");
	}

	private static @Nullable String statValue(String stat, String key) {
		for (String line : stat.split("\n")) {
			if (line.startsWith(key + " ")) {
				return line.substring(key.length() + 1).trim();
			}
		}
		return null;
	}

	/**
	 * Which cgroup hierarchy the figure comes from.
	 * @return the version
	 */
	public Version version() {
		return this.version;
	}

	/**
	 * The cgroup's directory.
	 * @return the directory, such as {@code /sys/fs/cgroup/memory/kubepods/pod1/abc}
	 */
	public Path directory() {
		return this.directory;
	}

	@Override
	public String name() {
		return "container";
	}

	@Override
	public String description() {
		return "working set of the cgroup v" + (this.version.ordinal() + 1) + " at " + this.directory + " ("
				+ this.version.usageFile + " minus " + this.version.inactiveFileKey + ")";
	}

	@Override
	public synchronized long currentBytes() {
		try {
			long usage = parseNumber(readAll(this.usage), 0);
			long now = System.nanoTime();
			if (!this.inactiveFileRead || now - this.inactiveFileReadNanos >= this.statRefreshNanos) {
				this.inactiveFileBytes = readInactiveFile();
				this.inactiveFileReadNanos = now;
				this.inactiveFileRead = true;
			}
			return Math.max(0, usage - this.inactiveFileBytes);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read the cgroup memory files in " + this.directory, ex);
		}
	}

	private long readInactiveFile() throws IOException {
		ByteBuffer stat = readAll(this.stat);
		int at = find(stat, this.inactiveFileKey);
		if (at < 0) {
			throw new IllegalStateException("no " + this.version.inactiveFileKey + " in "
					+ this.directory.resolve("memory.stat"));
		}
		return parseNumber(stat, at + this.inactiveFileKey.length);
	}

	@Override
	public long limitBytes() {
		return this.limitBytes;
	}

	@Override
	public String limitDescription() {
		return this.limitDescription;
	}

	private ByteBuffer readAll(FileChannel channel) throws IOException {
		this.buffer.clear();
		long position = 0;
		while (true) {
			if (!this.buffer.hasRemaining()) {
				ByteBuffer larger = ByteBuffer.allocate(this.buffer.capacity() * 2);
				this.buffer.flip();
				larger.put(this.buffer);
				this.buffer = larger;
			}
			int read = channel.read(this.buffer, position);
			if (read <= 0) {
				break;
			}
			position += read;
		}
		this.buffer.flip();
		return this.buffer;
	}

	/** Finds a key at the start of a line, without allocating; returns its index or -1. */
	private static int find(ByteBuffer content, byte[] key) {
		int limit = content.limit() - key.length;
		for (int i = 0; i <= limit; i++) {
			if (i > 0 && content.get(i - 1) != '\n') {
				continue;
			}
			int j = 0;
			while (j < key.length && content.get(i + j) == key[j]) {
				j++;
			}
			if (j == key.length) {
				return i;
			}
		}
		return -1;
	}

	private long parseNumber(ByteBuffer content, int from) {
		long value = 0;
		int i = from;
		while (i < content.limit()) {
			byte b = content.get(i);
			if (b < '0' || b > '9') {
				break;
			}
			value = value * 10 + (b - '0');
			i++;
		}
		if (i == from) {
			throw new IllegalStateException("unexpected content in the cgroup memory files in " + this.directory);
		}
		return value;
	}

	@Override
	public synchronized void close() throws IOException {
		this.usage.close();
		this.stat.close();
	}

}
