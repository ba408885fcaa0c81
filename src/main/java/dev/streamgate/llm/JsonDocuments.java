package dev.streamgate.llm;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.async.ByteArrayFeeder;
import com.fasterxml.jackson.core.util.JsonParserDelegate;
import java.io.IOException;

/**
 * Whole JSON documents (the data of one provider event each) read with one Jackson parser per thread,
 * kept from document to document: a parser made for every token (its contexts, buffers and symbol
 * table) was about 750 bytes of garbage per token. Jackson's blocking parser cannot be given new bytes,
 * so this is its non-blocking one, fed one whole document at a time; as every document is whole, its
 * tokens never run out in the middle of one: a document cut short, or one followed by anything but
 * white space, is an {@link IOException}, as it is for the blocking parser, and the thread's parser,
 * its state unknown, is replaced. Not reentrant: a reader must not read another document while it reads.
 */
final class JsonDocuments {

  private static final JsonFactory JSON = new JsonFactory();
  private static final ThreadLocal<Parser> PARSERS = ThreadLocal.withInitial(JsonDocuments::newParser);

  /** Reads what it needs of one document from its parser, leaving it after the document's last token. */
  interface Reader<T> {
    T read(JsonParser parser) throws IOException;
  }

  private JsonDocuments() {
  }

  /** Reads {@code data[0..length)}, one JSON document, with {@code reader}. */
  static <T> T read(byte[] data, int length, Reader<T> reader) throws IOException {
    Parser parser = PARSERS.get();
    try {
      long start = parser.fed;
      parser.feeder.feedInput(data, 0, length);
      parser.fed += length;
      T read = reader.read(parser);
      // Only white space may follow: checked on the bytes, since the parser would take "fa" for the
      // start of a "false" still to come, and carry it into the next document.
      for (long at = parser.currentLocation().getByteOffset() - start; at < length; at++) {
        if (!whiteSpace(data[(int) at])) {
          throw new IOException("more than one JSON document");
        }
      }
      parser.delegate().nextToken(); // past that white space, so the parser takes the next document
      return read;
    } catch (IOException | RuntimeException e) {
      PARSERS.remove();
      throw e;
    }
  }

  private static boolean whiteSpace(byte b) {
    return b == ' ' || b == '\n' || b == '\r' || b == '\t';
  }

  private static Parser newParser() {
    try {
      return new Parser(JSON.createNonBlockingByteArrayParser());
    } catch (IOException e) {
      throw new IllegalStateException("Jackson has no non-blocking parser", e);
    }
  }

  /** The non-blocking parser as a blocking one over a whole document: running out of tokens is the document's end too soon. */
  private static final class Parser extends JsonParserDelegate {

    final ByteArrayFeeder feeder;
    /** Bytes fed so far, all documents: where the current one starts in the parser's locations. */
    long fed;

    Parser(JsonParser nonBlocking) {
      super(nonBlocking);
      this.feeder = (ByteArrayFeeder) nonBlocking.getNonBlockingInputFeeder();
    }

    @Override
    public JsonToken nextToken() throws IOException {
      JsonToken token = delegate.nextToken();
      if (token == null || token == JsonToken.NOT_AVAILABLE) {
        throw new IOException("the JSON document ends too soon");
      }
      return token;
    }

    /** Through {@link #nextToken}: the non-blocking parser's own would wait for more input forever. */
    @Override
    public JsonParser skipChildren() throws IOException {
      JsonToken token = currentToken();
      if (token != JsonToken.START_OBJECT && token != JsonToken.START_ARRAY) {
        return this;
      }
      for (int open = 1; open > 0; ) {
        token = nextToken();
        if (token.isStructStart()) {
          open++;
        } else if (token.isStructEnd()) {
          open--;
        }
      }
      return this;
    }
  }
}
