package dev.karton.memorywatcher.amqp;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.aopalliance.aop.Advice;

import dev.karton.memorywatcher.MemoryWatcher;
import dev.karton.memorywatcher.autoconfigure.WatchedTaskInterceptor;

import org.springframework.amqp.rabbit.config.BaseRabbitListenerContainerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;

/**
 * Puts a {@link WatchedTaskInterceptor} first in the advice chain of every RabbitMQ listener
 * container factory, keeping the advice already there (Boot's retry, the user's own): the chain
 * wraps each delivery, or each batch for a batch listener, so each is one task, and a delivery
 * retried by a retry advice further in is still one task.
 * <p>
 * Why a post-processor and not a container customizer: Boot applies a {@code ContainerCustomizer}
 * bean only when it is the only one, so a second one would silently switch off the user's. Runs
 * on the thread that refreshes the context.
 */
final class RabbitAdviceInstaller implements BeanPostProcessor {

	private final ObjectProvider<MemoryWatcher> watcher;

	RabbitAdviceInstaller(ObjectProvider<MemoryWatcher> watcher) {
		this.watcher = watcher;
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		if (bean instanceof BaseRabbitListenerContainerFactory<?> factory) {
			Advice[] existing = factory.getAdviceChain();
			if (existing != null && Arrays.stream(existing).anyMatch(WatchedTaskInterceptor.class::isInstance)) {
				return bean;
			}
			List<Advice> chain = new ArrayList<>();
			chain.add(new WatchedTaskInterceptor(this.watcher));
			if (existing != null) {
				chain.addAll(Arrays.asList(existing));
			}
			factory.setAdviceChain(chain.toArray(new Advice[0]));
		}
		return bean;
	}

}
