package dev.karton.memorywatcher.sample;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Stands for a resource the consumer must close cleanly, such as a database connection pool: the
 * watcher's exit closes the application context, so this runs before the process ends.
 */
@Component
class SampleDatabase implements DisposableBean {

	private static final Log logger = LogFactory.getLog(SampleDatabase.class);

	@Override
	public void destroy() {
		logger.info("sample database closed");
	}

}
