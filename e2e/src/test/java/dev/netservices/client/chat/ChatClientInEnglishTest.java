package dev.netservices.client.chat;

/** The chat client against chat-service speaking English (its default). */
class ChatClientInEnglishTest extends ChatClientAgainstTheService {

    @Override
    String locale() {
        return "en";
    }
}
