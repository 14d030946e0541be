package dev.karton.memorywatcher.autoconfigure;

import java.util.ArrayList;
import java.util.List;

import dev.karton.memorywatcher.BeforeExitCallback;
import dev.karton.memorywatcher.MemoryProbe;
import dev.karton.memorywatcher.MemoryWatcher;
import dev.karton.memorywatcher.RestartHandler;
import dev.karton.memorywatcher.RestartRule;
import dev.karton.memorywatcher.TaskIntake;
import dev.karton.memorywatcher.WatchedTask;
import dev.karton.memorywatcher.WatcherClock;

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
	MemoryProbe memoryWatcherProbe() {
		return MemoryProbe.detect();
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
	MemoryWatcher memoryWatcher(MemoryWatcherProperties properties, MemoryProbe probe, RestartHandler handler) {
		return new MemoryWatcher(rules(properties), probe, WatcherClock.SYSTEM, handler,
				properties.getMemoryReadInterval());
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

	static List<RestartRule> rules(MemoryWatcherProperties properties) {
		List<RestartRule> rules = new ArrayList<>();
		if (properties.getProceedTasks() != null) {
			rules.add(RestartRule.proceedTasks(properties.getProceedTasks()));
		}
		if (properties.getElapsedTime() != null) {
			rules.add(RestartRule.elapsedTime(properties.getElapsedTime()));
		}
		if (properties.getExtraConsumedMemoryPercent() != null) {
			rules.add(RestartRule.extraConsumedMemoryPercent(properties.getExtraConsumedMemoryPercent()));
		}
		if (properties.getExtraConsumedMegabytes() != null) {
			rules.add(RestartRule.extraConsumedBytes(properties.getExtraConsumedMegabytes().toBytes()));
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
