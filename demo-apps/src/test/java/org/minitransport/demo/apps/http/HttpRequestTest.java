package org.minitransport.demo.apps.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class HttpRequestTest {

  private static HttpRequest parse(String text) throws HttpRequestException {
    byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
    return HttpRequest.parse(bytes, bytes.length);
  }

  private static HttpStatus rejection(String text) {
    return assertThrows(HttpRequestException.class, () -> parse(text)).status();
  }

  @Nested
  class HeadLength {
    private int headLength(String text) {
      byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
      return HttpRequest.headLength(bytes, bytes.length);
    }

    @Test
    void endsAfterTheEmptyLine() {
      assertEquals(18, headLength("GET / HTTP/1.0\r\n\r\nbody"));
    }

    @Test
    void acceptsBareLineFeeds() {
      assertEquals(16, headLength("GET / HTTP/1.0\n\nbody"));
    }

    @Test
    void isMinusOneUntilTheEmptyLineArrives() {
      assertEquals(-1, headLength("GET / HTTP/1.0\r\nHost: a\r\n"));
      assertEquals(-1, headLength("GET / HTTP/1.0\r\n\r"));
    }
  }

  @Nested
  class Accepts {
    @Test
    void aFullRequestWithHeaders() throws Exception {
      HttpRequest request = parse("GET /a/b.txt HTTP/1.0\r\nHost: 10.0.0.2\r\n"
          + "User-Agent:  curl/8 \r\n\r\n");
      assertEquals("GET", request.method());
      assertEquals("/a/b.txt", request.target());
      assertEquals("HTTP/1.0", request.version());
      assertEquals("10.0.0.2", request.header("HOST"));
      assertEquals("curl/8", request.header("user-agent"));
      assertNull(request.header("accept"));
    }

    @Test
    void http11RequestsAndLeadingEmptyLines() throws Exception {
      assertEquals("HTTP/1.1", parse("\r\nHEAD / HTTP/1.1\r\n\r\n").version());
    }

    @Test
    void continuationLinesFoldIntoTheFieldBefore() throws Exception {
      assertEquals("a b", parse("GET / HTTP/1.0\r\nX-Long: a\r\n  b\r\n\r\n").header("x-long"));
    }

    @Test
    void repeatedFieldsAreJoinedWithCommas() throws Exception {
      assertEquals("a, b", parse("GET / HTTP/1.0\r\nAccept: a\r\nAccept: b\r\n\r\n")
          .header("accept"));
    }

    @Test
    void anyMethodTokenSoThatTheSiteCanAnswer405() throws Exception {
      assertEquals("DELETE", parse("DELETE / HTTP/1.0\r\n\r\n").method());
    }
  }

  @Nested
  class Rejects {
    @Test
    void aSimpleRequestWithoutVersion() {
      HttpRequestException e = assertThrows(HttpRequestException.class,
          () -> parse("GET /\r\n\r\n"));
      assertEquals(HttpStatus.BAD_REQUEST, e.status());
      assertTrue(e.getMessage().contains("HTTP/0.9"), e.getMessage());
    }

    @Test
    void anEmptyRequest() {
      assertEquals(HttpStatus.BAD_REQUEST, rejection("\r\n\r\n"));
    }

    @Test
    void doubleSpacesInTheRequestLine() {
      assertEquals(HttpStatus.BAD_REQUEST, rejection("GET  / HTTP/1.0\r\n\r\n"));
    }

    @Test
    void aMethodThatIsNotAToken() {
      assertEquals(HttpStatus.BAD_REQUEST, rejection("G(T / HTTP/1.0\r\n\r\n"));
    }

    @Test
    void aMalformedVersion() {
      assertEquals(HttpStatus.BAD_REQUEST, rejection("GET / HTTP/one\r\n\r\n"));
    }

    @Test
    void anotherMajorVersionWith505() {
      assertEquals(HttpStatus.HTTP_VERSION_NOT_SUPPORTED, rejection("GET / HTTP/2.0\r\n\r\n"));
    }

    @Test
    void aHeaderWithoutColon() {
      assertEquals(HttpStatus.BAD_REQUEST, rejection("GET / HTTP/1.0\r\nNoColon\r\n\r\n"));
    }

    @Test
    void aHeaderNameWithSpaces() {
      assertEquals(HttpStatus.BAD_REQUEST, rejection("GET / HTTP/1.0\r\nBad Name: x\r\n\r\n"));
    }

    @Test
    void aContinuationBeforeAnyHeader() {
      assertEquals(HttpStatus.BAD_REQUEST, rejection("GET / HTTP/1.0\r\n cont\r\n\r\n"));
    }

    @Test
    void controlCharacters() {
      assertEquals(HttpStatus.BAD_REQUEST, rejection("GET /\0 HTTP/1.0\r\n\r\n"));
      assertEquals(HttpStatus.BAD_REQUEST, rejection("GET / HTTP/1.0\r\nA: \u0001\r\n\r\n"));
    }
  }
}
