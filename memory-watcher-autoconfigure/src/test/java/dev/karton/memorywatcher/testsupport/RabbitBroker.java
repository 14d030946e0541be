package dev.karton.memorywatcher.testsupport;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;

import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The local RabbitMQ broker the RabbitMQ tests need, which {@code scripts/start-rabbitmq.sh}
 * starts. Without one the tests are skipped on a developer's machine, and fail in CI.
 */
public final class RabbitBroker {

	public static final String HOST = "127.0.0.1";

	public static final int PORT = 5672;

	private RabbitBroker() {
	}

	/**
	 * Skips the calling test class when no broker answers, unless the environment variable
	 * {@code CI} is {@code true}: then it fails.
	 */
	public static void requireReachable() {
		if (isReachable()) {
			return;
		}
		String message = "no RabbitMQ broker accepts connections on " + HOST + ":" + PORT
				+ "; start one with scripts/start-rabbitmq.sh";
		if ("true".equals(System.getenv("CI"))) {
			fail(message + " (CI=true: the RabbitMQ tests must run in CI)");
		}
		assumeTrue(false, "RabbitMQ tests skipped: " + message);
	}

	private static boolean isReachable() {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress(HOST, PORT), 1000);
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

}
