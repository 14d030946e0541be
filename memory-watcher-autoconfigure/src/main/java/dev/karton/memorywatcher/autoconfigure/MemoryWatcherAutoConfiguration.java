package dev.karton.memorywatcher.autoconfigure;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import dev.karton.memorywatcher.BeforeExitCallback;
import dev.karton.memorywatcher.Jitter;
import dev.karton.memorywatcher.MemoryProbe;
import dev.karton.memorywatcher.MemorySource;
import dev.karton.memorywatcher.MemoryWatcher;
import dev.karton.memorywatcher.RestartHandler;
import dev.karton.memorywatcher.RestartHistoryFile;
import dev.karton.memorywatcher.RestartRule;
import dev.karton.memorywatcher.TaskIntake;
import dev.karton.memorywatcher.WatchedTask;
import dev.karton.memorywatcher.WatcherClock;
import dev.karton.memorywatcher.WatcherSettings;

import org.springframework.aop.Advisor;
import org.springframework.aop.config.AopConfigUtils;
import org.springframework.aop.support.ComposablePointcut;
import org.springframework.aop.support.DefaultPointcutAdvisor;
import org.springframework.aop.support.annotation.AnnotationMatchingPointcut;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.ImportBeanDefinitionRegistrar;
import org.springframework.context.annotation.Role;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotationMetadata;

/**
 * Auto-configuration of the memory watcher: the watcher built from
 * {@code karton.memory-watcher.*}, its periodic check, the graceful exit and
 * {@link WatchedTask @WatchedTask} support. Every bean backs off when the user declares one of the
 * same type.
 */
@AutoConfiguration
@ConditionalOnBooleanProperty(name = "karton.memory-watcher.enabled", matchIfMissing = true)
@EnableConfigurationProperties(MemoryWatcherProperties.class)
@Import(MemoryWatcherAutoConfiguration.AutoProxyRegistrar.class)
public final class MemoryWatcherAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	MemoryProbe memoryWatcherProbe(MemoryWatcherProperties properties) {
		MemorySource source = properties.getMemorySource();
		try {
			return source.open();
		}
		catch (IllegalStateException ex) {
			throw new InvalidMemoryWatcherPropertyException(MemoryWatcherProperties.PREFIX + "memory-source",
					source.propertyValue(), "another source, such as rss or heap, because " + source.propertyValue()
							+ " is not available here: " + ex.getMessage());
		}
	}

	@Bean
	@ConditionalOnMissingBean
	ExitStrategy memoryWatcherExitStrategy() {
		return System::exit;
	}

	@Bean
	@ConditionalOnMissingBean
	RestartHandler memoryWatcherRestartHandler(ConfigurableApplicationContext context,
			ObjectProvider<TaskIntake> intakes, ObjectProvider<BeforeExitCallback> callbacks,
			ExitStrategy exitStrategy, MemoryWatcherProperties properties) {
		return new GracefulExit(context, intakes, callbacks, exitStrategy, properties);
	}

	@Bean
	@ConditionalOnMissingBean
	MemoryWatcher memoryWatcher(MemoryWatcherProperties properties, MemoryProbe probe, RestartHandler handler,
			Environment environment) {
		// Drawn once per process, so that replicas started together spread their restarts.
		Jitter jitter = Jitter.draw(properties.getJitter(), new Random());
		WatcherSettings settings = WatcherSettings.DEFAULTS
			.withBaselineAfter(properties.getBaseline().getAfterTasks(), properties.getBaseline().getAfter())
			.withBreachChecks(properties.getBreachChecks())
			.withJitter(jitter)
			.withHistoryFile(new RestartHistoryFile(stateFile(properties, environment)))
			.withRestartLimit(properties.getMaxRestarts(), properties.getRestartWindow())
			.withMemoryReadInterval(properties.getMemoryReadInterval());
		return new MemoryWatcher(rules(properties, probe, jitter), probe, WatcherClock.SYSTEM, handler, settings);
	}

	@Bean
	WatcherCheckScheduler memoryWatcherCheckScheduler(MemoryWatcher watcher, MemoryWatcherProperties properties) {
		return new WatcherCheckScheduler(watcher, properties.getCheckInterval());
	}

	@Bean
	@Role(BeanDefinition.ROLE_INFRASTRUCTURE)
	static Advisor memoryWatcherWatchedTaskAdvisor(ObjectProvider<MemoryWatcher> watcher) {
		ComposablePointcut pointcut = new ComposablePointcut(
				AnnotationMatchingPointcut.forClassAnnotation(WatchedTask.class))
			.union(AnnotationMatchingPointcut.forMethodAnnotation(WatchedTask.class));
		return new DefaultPointcutAdvisor(pointcut, new WatchedTaskInterceptor(watcher));
	}

	/**
	 * The state file: as configured, else one per application name in the temporary directory, which
	 * survives a process restart (not a new container: mount a volume there for that).
	 */
	static Path stateFile(MemoryWatcherProperties properties, Environment environment) {
		Path configured = properties.getStateFile();
		if (configured != null) {
			return configured;
		}
		String name = environment.getProperty("spring.application.name", "application");
		return Path.of(System.getProperty("java.io.tmpdir"), "memory-watcher",
				name.replaceAll("[^A-Za-z0-9._-]", "_") + ".restarts");
	}

	static List<RestartRule> rules(MemoryWatcherProperties properties, MemoryProbe probe, Jitter jitter) {
		List<RestartRule> rules = new ArrayList<>();
		if (properties.getProceedTasks() != null) {
			rules.add(RestartRule.proceedTasks(properties.getProceedTasks(), jitter));
		}
		if (properties.getElapsedTime() != null) {
			rules.add(RestartRule.elapsedTime(properties.getElapsedTime(), jitter));
		}
		if (properties.getExtraConsumedMemoryPercent() != null) {
			rules.add(RestartRule.extraConsumedMemoryPercent(properties.getExtraConsumedMemoryPercent()));
		}
		if (properties.getExtraConsumedMegabytes() != null) {
			rules.add(RestartRule.extraConsumedBytes(properties.getExtraConsumedMegabytes().toBytes()));
		}
		if (properties.getMaxMemory() != null) {
			rules.add(RestartRule.maxMemory(properties.getMaxMemory().toBytes()));
		}
		Double percentOfLimit = properties.getMaxMemoryPercentOfLimit();
		if (percentOfLimit != null) {
			if (probe.limitBytes() < 0) {
				throw new InvalidMemoryWatcherPropertyException(MemoryWatcherProperties.PREFIX
						+ "max-memory-percent-of-limit", percentOfLimit, "no value with the memory figure "
								+ probe.name() + ", which has no limit (" + probe.limitDescription()
								+ "): use max-memory instead, or a memory source with a limit");
			}
			rules.add(RestartRule.maxMemoryPercentOfLimit(percentOfLimit, probe));
		}
		return rules;
	}

	/**
	 * Makes sure an auto-proxy creator exists for the {@link WatchedTask} advisor, as
	 * {@code @EnableTransactionManagement} does: Boot registers one too, unless
	 * {@code spring.aop.auto=false}, and registering twice is harmless.
	 */
	static class AutoProxyRegistrar implements ImportBeanDefinitionRegistrar {

		@Override
		public void registerBeanDefinitions(AnnotationMetadata metadata, BeanDefinitionRegistry registry) {
			AopConfigUtils.registerAutoProxyCreatorIfNecessary(registry);
		}

	}

}
