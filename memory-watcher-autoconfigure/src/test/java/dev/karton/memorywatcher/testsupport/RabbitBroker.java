package dev.karton.memorywatcher.testsupport;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The local RabbitMQ broker the RabbitMQ tests need, which {@code scripts/start-rabbitmq.sh}
 * starts on 127.0.0.1 (port 5672, or the environment variable {@code RABBITMQ_NODE_PORT} as for
 * the script). Without one the tests are skipped on a developer's machine, and fail in CI.
 */
public final class RabbitBroker {

	private static final Log logger = LogFactory.getLog(RabbitBroker.class);

	public static final String HOST = "127.0.0.1";

	public static final int PORT = Integer.parseInt(System.getenv().getOrDefault("RABBITMQ_NODE_PORT", "5672"));

	private RabbitBroker() {
	}

	/**
	 * Skips the calling test, with a warning in the log, when no broker answers, unless the
	 * environment variable {@code CI} is {@code true}: then it fails.
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
		logger.warn("RabbitMQ test skipped: " + message);
		assumeTrue(false, "RabbitMQ test skipped: " + message);
	}

	/**
	 * Whether a broker accepts connections now.
	 * @return {@code true} if one does
	 */
	public static boolean isReachable() {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress(HOST, PORT), 1000);
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

}
