/**
 * Example programs to copy from, each run by a test against GreenMail: embedding Mailmind with a JDBC store and
 * an event listener ({@link io.mailmind.examples.EmbeddingExample}), a custom store
 * ({@link io.mailmind.examples.MarkdownFilesStore}) and a custom task executor
 * ({@link io.mailmind.examples.QueueTaskExecutor}); {@code web} holds the live inbox of {@code mailmind serve}. Not API: this module is not published.
 */
package io.mailmind.examples;
