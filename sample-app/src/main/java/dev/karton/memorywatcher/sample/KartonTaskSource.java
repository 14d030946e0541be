package dev.karton.memorywatcher.sample;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;

/**
 * A karton consumer ({@code sample.source=karton}) speaking karton-core 5.x's Redis layout: it
 * registers its bind in {@code karton.binds}, pops task uids from
 * {@code karton.queue.{high,normal,low}:<identity>} (and the legacy {@code <identity>} queue,
 * first, as karton does), and keeps each task's status in {@code karton.task:<uid>} and the
 * {@code karton.metrics.*} hashes up to date, the way karton's own consumers do.
 * <p>
 * A Redis outage never ends the consumer: every Redis call is retried with a backoff until it
 * succeeds (see {@link RedisRetry}), so a task already taken is finished and recorded once Redis is
 * back.
 */
@Component
@ConditionalOnProperty(name = "sample.source", havingValue = "karton")
class KartonTaskSource implements TaskSource {

	static final String BINDS = "karton.binds";

	static final String TASK_PREFIX = "karton.task:";

	static final String CONSUMED = "karton.metrics.consumed";

	static final String CRASHED = "karton.metrics.crashed";

	private static final Log logger = LogFactory.getLog(KartonTaskSource.class);

	private final StringRedisTemplate redis;

	private final ObjectMapper json;

	private final SampleProperties.Karton karton;

	private final RedisRetry retry;

	private final byte[][] queues;

	private final AtomicBoolean registered = new AtomicBoolean();

	KartonTaskSource(StringRedisTemplate redis, ObjectMapper json, SampleProperties properties) {
		this.redis = redis;
		this.json = json;
		this.karton = properties.getKarton();
		this.retry = new RedisRetry();
		String identity = this.karton.getIdentity();
		this.queues = new byte[][] { bytes(identity), bytes("karton.queue.high:" + identity),
				bytes("karton.queue.normal:" + identity), bytes("karton.queue.low:" + identity) };
	}

	@Override
	public @Nullable SourceTask poll(Duration timeout) throws InterruptedException {
		try {
			registerBindOnce();
			int seconds = (int) Math.max(1, timeout.toSeconds());
			// Lettuce runs blocking commands such as BLPOP on a dedicated connection.
			List<byte[]> popped = this.redis.execute(
					(RedisCallback<List<byte[]>>) (connection) -> connection.listCommands().bLPop(seconds, this.queues));
			this.retry.succeeded();
			if (popped == null || popped.size() < 2) {
				return null;
			}
			String uid = new String(popped.get(1), StandardCharsets.UTF_8);
			return new KartonTask(uid);
		}
		catch (DataAccessException ex) {
			this.retry.failed("taking a task from " + new String(this.queues[2], StandardCharsets.UTF_8), ex);
			return null;
		}
	}

	/**
	 * Registers the bind before the first pop; a Redis failure here is handled like a failed pop,
	 * so that the consumer keeps checking the watcher between attempts.
	 */
	private void registerBindOnce() {
		if (this.registered.get()) {
			return;
		}
		synchronized (this.registered) {
			if (!this.registered.get()) {
				String bind = bindJson();
				this.redis.opsForHash().put(BINDS, this.karton.getIdentity(), bind);
				this.registered.set(true);
				logger.info("karton bind registered: " + this.karton.getIdentity() + " " + bind);
			}
		}
	}

	/**
	 * The bind as karton serialises it: a JSON object with sorted keys.
	 */
	String bindJson() {
		ObjectNode bind = this.json.createObjectNode();
		ArrayNode filters = bind.putArray("filters");
		this.karton.getFilters().forEach((filter) -> {
			ObjectNode node = filters.addObject();
			filter.forEach(node::put);
		});
		bind.put("info", "memory-watcher sample: parses files and recycles itself between tasks");
		bind.put("is_async", false);
		bind.put("persistent", this.karton.isPersistent());
		bind.put("service_version", this.karton.getServiceVersion());
		bind.put("version", this.karton.getKartonVersion());
		return this.json.writeValueAsString(bind);
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	/**
	 * A task popped from a queue. Its JSON is read when it starts; every status change rewrites the
	 * whole task, as karton's {@code set_task_status} does.
	 */
	private final class KartonTask implements SourceTask {

		private final String uid;

		private @Nullable ObjectNode task;

		private @Nullable String raw;

		KartonTask(String uid) {
			this.uid = uid;
		}

		@Override
		public String id() {
			return this.uid;
		}

		@Override
		public FileTask start() {
			this.raw = retry(() -> KartonTaskSource.this.redis.opsForValue().get(TASK_PREFIX + this.uid));
			if (this.raw == null) {
				throw new MalformedTaskException("karton task " + this.uid + " has no " + TASK_PREFIX + this.uid
						+ " in Redis (deleted, or never registered)", new IllegalStateException("missing task"));
			}
			try {
				JsonNode node = KartonTaskSource.this.json.readTree(this.raw);
				if (!(node instanceof ObjectNode object) || !object.has("headers")) {
					throw new MalformedTaskException("karton task " + this.uid
							+ " is not a karton task object with 'headers'", new IllegalArgumentException(this.raw));
				}
				this.task = object;
			}
			catch (JacksonException ex) {
				throw new MalformedTaskException("karton task " + this.uid + " is not valid JSON: "
						+ ex.getOriginalMessage(), ex);
			}
			writeStatus("Started", null);
			JsonNode payload = this.task.path("payload");
			String name = payload.path("file_name").asString(this.uid);
			Duration parseTime = payload.has("parse_ms") ? Duration.ofMillis(payload.path("parse_ms").asLong()) : null;
			return new FileTask(this.uid, name, parseTime);
		}

		@Override
		public void finished() {
			writeStatus("Finished", null);
			retry(() -> KartonTaskSource.this.redis.opsForHash()
				.increment(CONSUMED, KartonTaskSource.this.karton.getIdentity(), 1));
		}

		@Override
		public void crashed(Exception failure) {
			if (this.task == null) {
				// Unreadable: keep what karton needs to show and collect it, and the raw content.
				this.task = skeleton();
			}
			writeStatus("Crashed", stackTrace(failure));
			retry(() -> KartonTaskSource.this.redis.opsForHash()
				.increment(CRASHED, KartonTaskSource.this.karton.getIdentity(), 1));
			retry(() -> KartonTaskSource.this.redis.opsForHash()
				.increment(CONSUMED, KartonTaskSource.this.karton.getIdentity(), 1));
		}

		private ObjectNode skeleton() {
			ObjectNode node = KartonTaskSource.this.json.createObjectNode();
			node.put("uid", this.uid);
			node.put("root_uid", this.uid);
			node.putNull("parent_uid");
			node.putNull("orig_uid");
			node.put("priority", "normal");
			node.putObject("headers");
			node.putObject("headers_persistent");
			node.putObject("payload").put("malformed_task", String.valueOf(this.raw));
			node.putObject("payload_persistent");
			return node;
		}

		private void writeStatus(String status, @Nullable List<String> error) {
			ObjectNode node = this.task;
			node.put("status", status);
			node.put("last_update", System.currentTimeMillis() / 1000.0);
			if (error != null) {
				ArrayNode lines = node.putArray("error");
				error.forEach(lines::add);
			}
			String serialized = KartonTaskSource.this.json.writeValueAsString(node);
			retry(() -> {
				KartonTaskSource.this.redis.opsForValue().set(TASK_PREFIX + this.uid, serialized);
				return null;
			});
		}

	}

	/**
	 * The failure as karton stores it: {@code traceback.format_exception}'s list of lines.
	 */
	private static List<String> stackTrace(Exception failure) {
		StringWriter out = new StringWriter();
		failure.printStackTrace(new PrintWriter(out));
		List<String> lines = new ArrayList<>();
		for (String line : out.toString().split("\n")) {
			lines.add(line + "\n");
		}
		return lines;
	}

	private <T> @Nullable T retry(RedisRetry.RedisCall<T> call) {
		try {
			return this.retry.untilSuccess("updating a karton task", call);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted while Redis was unreachable", ex);
		}
	}

}
