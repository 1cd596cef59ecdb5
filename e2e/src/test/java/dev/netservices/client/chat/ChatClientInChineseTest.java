package dev.netservices.client.chat;

/** The chat client against chat-service speaking the original program's Chinese ({@code chat.locale=zh-CN}). */
class ChatClientInChineseTest extends ChatClientAgainstTheService {

    @Override
    String locale() {
        return "zh-CN";
    }
}
