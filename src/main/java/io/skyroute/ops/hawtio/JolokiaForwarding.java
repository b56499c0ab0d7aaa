package io.skyroute.ops.hawtio;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The Hawtio console's {@code /jolokia}: each request is passed on to the daemon's own Jolokia
 * ({@code /observe/jolokia}) as the console's user, and the answer passed back. The JDK's HTTP client is
 * enough for one loopback hop and keeps the console free of another HTTP library.
 */
public class JolokiaForwarding extends HttpServlet {

    /** Servlet-context attributes the console sets: where the daemon's Jolokia is, and the Authorization to send. */
    static final String TARGET = "skyroute.jolokia.target";
    static final String AUTHORIZATION = "skyroute.jolokia.authorization";

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private transient HttpClient http;
    private URI target;
    private String authorization;

    @Override
    public void init() throws ServletException {
        target = (URI) getServletContext().getAttribute(TARGET);
        authorization = (String) getServletContext().getAttribute(AUTHORIZATION);
        if (target == null) {
            throw new ServletException("the daemon's Jolokia address was not given to the console");
        }
        http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        forward(request, response, HttpRequest.BodyPublishers.noBody(), "GET");
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        byte[] body;
        try (InputStream in = request.getInputStream()) {
            body = in.readAllBytes();
        }
        forward(request, response, HttpRequest.BodyPublishers.ofByteArray(body), "POST");
    }

    private void forward(HttpServletRequest request, HttpServletResponse response, HttpRequest.BodyPublisher body, String method)
            throws IOException {
        String path = request.getPathInfo() == null ? "" : request.getPathInfo();
        String query = request.getQueryString() == null ? "" : "?" + request.getQueryString();
        HttpRequest.Builder forwarded = HttpRequest.newBuilder(URI.create(target + path + query)).timeout(TIMEOUT).method(method, body);
        String contentType = request.getContentType();
        if (contentType != null) {
            forwarded.header("Content-Type", contentType);
        }
        if (authorization != null) {
            forwarded.header("Authorization", authorization);
        }
        HttpResponse<byte[]> answer;
        try {
            answer = http.send(forwarded.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            response.sendError(HttpServletResponse.SC_SERVICE_UNAVAILABLE, "interrupted");
            return;
        } catch (IOException e) {
            response.sendError(HttpServletResponse.SC_BAD_GATEWAY, "the daemon's Jolokia does not answer: " + e.getMessage());
            return;
        }
        response.setStatus(answer.statusCode());
        answer.headers().firstValue("Content-Type").ifPresent(response::setContentType);
        try (OutputStream out = response.getOutputStream()) {
            out.write(answer.body());
        }
    }
}
