package io.faceengine.bench.load;

/** What one request of a load run got back, as the load report counts it. */
public enum Answer {
  /** 2xx. */
  OK,
  /** 429: this client sends too many. */
  TOO_MANY_REQUESTS,
  /** 503 {"error": "overloaded"}: the service's admission control refused the request. */
  OVERLOADED,
  /** Any other 503 (e.g. not_ready). */
  UNAVAILABLE,
  /** Any other 5xx: the failures a load must never cause. */
  SERVER_ERROR,
  /** Any other 4xx: a bad request, a bug of the load client. */
  CLIENT_ERROR,
  /** No HTTP answer at all: a connection refused or reset, a timeout. */
  NO_ANSWER,
  /** Not sent: the open-loop client already had its maximum of requests outstanding. */
  NOT_SENT;

  static Answer of(int status, String body) {
    if (status >= 200 && status < 300) {
      return OK;
    }
    if (status == 429) {
      return TOO_MANY_REQUESTS;
    }
    if (status == 503) {
      return body.contains("\"overloaded\"") ? OVERLOADED : UNAVAILABLE;
    }
    return status >= 500 ? SERVER_ERROR : CLIENT_ERROR;
  }
}
