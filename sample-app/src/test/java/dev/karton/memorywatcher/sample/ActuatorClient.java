package dev.karton.memorywatcher.sample;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;

import com.jayway.jsonpath.DocumentContext;
import com.jayway.jsonpath.JsonPath;

/**
 * Calls a running application's Actuator over real HTTP, as curl or a kubernetes probe would.
 */
class ActuatorClient {

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final String base;

	ActuatorClient(int port) {
		this.base = "http://localhost:" + port + "/actuator";
	}

	Answer get(String path) throws IOException, InterruptedException {
		return send(request(path).GET().build());
	}

	Answer post(String path, String json) throws IOException, InterruptedException {
		return send(request(path).header("Content-Type", "application/json")
			.POST(BodyPublishers.ofString(json))
			.build());
	}

	private HttpRequest.Builder request(String path) {
		return HttpRequest.newBuilder(URI.create(this.base + path)).timeout(Duration.ofSeconds(10));
	}

	private Answer send(HttpRequest request) throws IOException, InterruptedException {
		HttpResponse<String> response = this.http.send(request, BodyHandlers.ofString());
		return new Answer(response.statusCode(), response.body());
	}

	/**
	 * One HTTP answer.
	 *
	 * @param status the status code
	 * @param body the body as text
	 */
	record Answer(int status, String body) {

		DocumentContext json() {
			return JsonPath.parse(this.body);
		}

		<T> T read(String path) {
			return json().read(path);
		}

	}

}
