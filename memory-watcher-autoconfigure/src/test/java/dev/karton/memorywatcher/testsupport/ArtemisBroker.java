package dev.karton.memorywatcher.testsupport;

import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;

/**
 * A real ActiveMQ Artemis broker in this JVM, reached through an in-VM URL, that outlives the
 * application contexts of a test. It keeps messages in memory only.
 */
public final class ArtemisBroker {

	private ArtemisBroker() {
	}

	/**
	 * Starts a broker.
	 * @param url the in-VM URL it accepts, such as {@code vm://0}
	 * @return the running broker, to stop after the tests
	 * @throws Exception if it cannot start
	 */
	public static EmbeddedActiveMQ start(String url) throws Exception {
		EmbeddedActiveMQ broker = new EmbeddedActiveMQ();
		broker.setConfiguration(new ConfigurationImpl().setPersistenceEnabled(false)
			.setSecurityEnabled(false)
			.addAcceptorConfiguration("in-vm", url));
		broker.start();
		return broker;
	}

}
