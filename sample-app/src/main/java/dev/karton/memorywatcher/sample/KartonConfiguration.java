package dev.karton.memorywatcher.sample;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.data.redis.autoconfigure.LettuceClientConfigurationBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Names the Redis connection the way karton-core does,
 * {@code <identity>?karton_version=...&service_version=...}, so that karton's dashboard lists this
 * consumer among the online services.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "sample.source", havingValue = "karton")
class KartonConfiguration {

	@Bean
	LettuceClientConfigurationBuilderCustomizer kartonClientName(SampleProperties properties) {
		SampleProperties.Karton karton = properties.getKarton();
		String clientName = karton.getIdentity() + "?karton_version=" + encode(karton.getKartonVersion())
				+ "&service_version=" + encode(karton.getServiceVersion());
		return (builder) -> builder.clientName(clientName);
	}

	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

}
