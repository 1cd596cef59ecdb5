package dev.netservices.web.http;

/** Why a request cannot be read any further: the status to answer and a message naming the rule or limit. */
record Refusal(Status status, String message) {
}
