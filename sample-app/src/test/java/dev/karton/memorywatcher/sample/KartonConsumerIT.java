package dev.karton.memorywatcher.sample;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.karton.memorywatcher.sample.SampleProcess.Run;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample as a karton consumer against a real redis-server: the Redis layout karton's tools
 * read, and the faults that must lose nothing.
 */
class KartonConsumerIT {

	private static final String IDENTITY = "karton.it-parser";

	@TempDir
	static Path redisDir;

	@TempDir
	Path temp;

	private static RedisServer server;

	@BeforeAll
	static void startRedis() throws Exception {
		server = RedisServer.start(redisDir);
	}

	@AfterAll
	static void stopRedis() throws Exception {
		if (server != null) {
			server.close();
		}
	}

	@BeforeEach
	void emptyRedis() {
		server.redis.execute((org.springframework.data.redis.core.RedisCallback<Void>) (connection) -> {
			connection.serverCommands().flushAll();
			return null;
		});
	}

	private SampleProcess start(String... args) throws Exception {
		String[] all = new String[args.length + 4];
		all[0] = "--sample.source=karton";
		all[1] = "--spring.data.redis.port=" + server.port;
		all[2] = "--sample.karton.identity=" + IDENTITY;
		all[3] = "--sample.tasks.duration=0";
		System.arraycopy(args, 0, all, 4, args.length);
		return SampleProcess.start(this.temp.resolve("sample.log"), all);
	}

	/** Routes a task the way karton-system does: status Spawned, uid pushed to the queue. */
	private void route(String uid, String payload, String priority) {
		server.redis.opsForValue()
			.set("karton.task:" + uid, "{\"error\": null, \"headers\": {\"kind\": \"raw\", \"receiver\": \"" + IDENTITY
					+ "\", \"type\": \"sample\"}, \"headers_persistent\": {}, \"last_update\": 1764190000.0, "
					+ "\"orig_uid\": \"orig-" + uid + "\", \"parent_uid\": null, \"payload\": " + payload
					+ ", \"payload_persistent\": {\"__headers_persistent\": {}}, \"priority\": \"" + priority
					+ "\", \"root_uid\": \"" + uid + "\", \"status\": \"Spawned\", \"uid\": \"" + uid + "\"}");
		server.redis.opsForList().rightPush("karton.queue." + priority + ":" + IDENTITY, uid);
	}

	private String status(String uid) {
		String task = server.redis.opsForValue().get("karton.task:" + uid);
		assertThat(task).as("karton.task:%s", uid).isNotNull();
		return task.replaceAll("(?s).*\"status\":\\s*\"([A-Za-z]+)\".*", "$1");
	}

	@Test
	void consumesHighBeforeNormalBeforeLowAndRecordsStatusAndMetricsLikeKarton() throws Exception {
		route("low-1", "{\"file_name\": \"c.bin\"}", "low");
		route("normal-1", "{\"file_name\": \"b.bin\"}", "normal");
		route("high-1", "{\"file_name\": \"a.bin\"}", "high");
		Run run = start("--karton.memory-watcher.proceed-tasks=3").awaitExit();
		assertThat(run.exitCode()).isEqualTo(75);
		assertThat(run.log().indexOf("task high-1 started")).isLessThan(run.log().indexOf("task normal-1 started"));
		assertThat(run.log().indexOf("task normal-1 started")).isLessThan(run.log().indexOf("task low-1 started"));
		assertThat(status("high-1")).isEqualTo("Finished");
		assertThat(status("normal-1")).isEqualTo("Finished");
		assertThat(status("low-1")).isEqualTo("Finished");
		assertThat(server.redis.opsForHash().get("karton.metrics.consumed", IDENTITY)).isEqualTo("3");
		String task = server.redis.opsForValue().get("karton.task:high-1");
		assertThat(task).contains("\"orig_uid\":\"orig-high-1\"").contains("\"file_name\":\"a.bin\"")
			.contains("\"last_update\":");
	}

	@Test
	void registersItsBindAndNamesItsConnectionAsKartonDoes() throws Exception {
		SampleProcess process = start();
		process.awaitLog("karton bind registered", Duration.ofSeconds(60));
		String bind = (String) server.redis.opsForHash().get("karton.binds", IDENTITY);
		assertThat(bind).isEqualTo("{\"filters\":[{\"type\":\"sample\",\"kind\":\"raw\"}],\"info\":\"memory-watcher "
				+ "sample: parses files and recycles itself between tasks\",\"is_async\":false,\"persistent\":true,"
				+ "\"service_version\":\"0.1.0\",\"version\":\"5.9.1\"}");
		Properties clients = server.redis.execute(
				(org.springframework.data.redis.core.RedisCallback<Properties>) (connection) -> connection
					.serverCommands()
					.info("clients"));
		String clientList = server.redis.execute(
				(org.springframework.data.redis.core.RedisCallback<String>) (connection) -> String
					.valueOf(connection.serverCommands().getClientList()));
		assertThat(clients).isNotNull();
		assertThat(clientList).contains(IDENTITY + "?karton_version=5.9.1&service_version=0.1.0");
		process.terminate();
		assertThat(process.awaitExit().exitCode()).isEqualTo(143);
	}

	@Test
	void malformedTaskIsMarkedCrashedWithAClearErrorAndTheConsumerGoesOn() throws Exception {
		server.redis.opsForValue().set("karton.task:broken-1", "{not json at all");
		server.redis.opsForList().rightPush("karton.queue.normal:" + IDENTITY, "broken-1");
		route("good-1", "{\"file_name\": \"good.bin\"}", "normal");
		Run run = start("--karton.memory-watcher.proceed-tasks=2").awaitExit();
		assertThat(run.exitCode()).isEqualTo(75);
		assertThat(status("broken-1")).isEqualTo("Crashed");
		assertThat(server.redis.opsForValue().get("karton.task:broken-1"))
			.contains("karton task broken-1 is not valid JSON")
			.contains("\"malformed_task\":\"{not json at all\"");
		assertThat(status("good-1")).isEqualTo("Finished");
		assertThat(server.redis.opsForHash().get("karton.metrics.crashed", IDENTITY)).isEqualTo("1");
		assertThat(server.redis.opsForHash().get("karton.metrics.consumed", IDENTITY)).isEqualTo("2");
	}

	@Test
	void taskHangingPastTheDrainTimeoutIsNamedAndStaysStartedAsKartonWouldLeaveIt() throws Exception {
		route("quick-1", "{\"file_name\": \"quick.bin\", \"parse_ms\": 0}", "normal");
		route("stuck-1", "{\"file_name\": \"stuck.bin\", \"parse_ms\": 120000}", "normal");
		SampleProcess process = start("--sample.consumers=2", "--karton.memory-watcher.proceed-tasks=1",
				"--karton.memory-watcher.drain-timeout=2s");
		Run run = process.awaitExit();
		assertThat(run.exitCode()).isEqualTo(75);
		assertThat(run.log()).contains("is still processing task stuck-1 after the drain timeout")
			.contains("task(s) still running; exiting anyway");
		assertThat(status("quick-1")).isEqualTo("Finished");
		assertThat(status("stuck-1")).isEqualTo("Started");
	}

	@Test
	void sigtermDuringADrainFinishesTheKartonTaskInHand() throws Exception {
		route("first-1", "{\"file_name\": \"first.bin\", \"parse_ms\": 0}", "normal");
		route("slow-1", "{\"file_name\": \"slow.bin\", \"parse_ms\": 4000}", "normal");
		SampleProcess process = start("--sample.consumers=2", "--karton.memory-watcher.proceed-tasks=1");
		process.awaitLog("restart requested", Duration.ofSeconds(60));
		process.terminate();
		Run run = process.awaitExit();
		assertThat(run.exitCode()).isEqualTo(143);
		assertThat(status("first-1")).isEqualTo("Finished");
		assertThat(status("slow-1")).isEqualTo("Finished");
		assertThat(run.started()).isEqualTo(run.finished());
		assertThat(Files.readString(this.temp.resolve("sample.log"))).contains("sample database closed");
	}

}
