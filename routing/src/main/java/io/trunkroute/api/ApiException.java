package io.trunkroute.api;

/** An API error with its HTTP status and, for bad input, the offending field. */
public class ApiException extends RuntimeException {

    private final int status;
    private final String field;

    public ApiException(int status, String message, String field) {
        super(message);
        this.status = status;
        this.field = field;
    }

    public static ApiException notFound(String what) {
        return new ApiException(404, what + " not found", null);
    }

    public static ApiException badField(String field, String message) {
        return new ApiException(400, message, field);
    }

    public int status() {
        return status;
    }

    public String field() {
        return field;
    }
}
