package dev.karton.memorywatcher.task;

import dev.karton.memorywatcher.MemoryWatcher;
import dev.karton.memorywatcher.autoconfigure.MemoryWatcherAutoConfiguration;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

/**
 * Auto-configuration that makes every task of Boot's auto-configured task executor, and of any
 * executor built with Boot's builders, a memory watcher task, and lets the queued ones finish when
 * the watcher restarts.
 */
@AutoConfiguration(after = MemoryWatcherAutoConfiguration.class, before = TaskExecutionAutoConfiguration.class)
@ConditionalOnBean(MemoryWatcher.class)
@ConditionalOnBooleanProperty(name = "karton.memory-watcher.integrations.task.enabled", matchIfMissing = true)
public final class TaskExecutionTaskAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	WatchedTaskDecorator memoryWatcherTaskDecorator(MemoryWatcher watcher) {
		return new WatchedTaskDecorator(watcher);
	}

	@Bean
	@ConditionalOnMissingBean
	ExecutorIntake memoryWatcherExecutorIntake(ObjectProvider<ThreadPoolTaskExecutor> executors) {
		return new ExecutorIntake(executors);
	}

}
