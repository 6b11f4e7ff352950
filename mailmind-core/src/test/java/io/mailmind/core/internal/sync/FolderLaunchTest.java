package io.mailmind.core.internal.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class FolderLaunchTest {
  private final List<String> submitted = new ArrayList<>();
  private final Map<String, CompletableFuture<Void>> running = new LinkedHashMap<>();
  private final Map<String, Throwable> ended = new LinkedHashMap<>();

  private FolderLaunch launch(List<String> folders, int window) {
    return new FolderLaunch(folders, window, folder -> {
      submitted.add(folder);
      CompletableFuture<Void> task = new CompletableFuture<>();
      running.put(folder, task);
      return task;
    }, (folder, failure) -> ended.put(folder, failure));
  }

  @Test
  void startsInOrderAtMostTheWindowAtOnceAndEachEndStartsTheNext() {
    launch(List.of("INBOX", "Sent", "Drafts", "Archive", "Trash"), 2).start();
    assertThat(submitted).containsExactly("INBOX", "Sent");

    running.get("Sent").complete(null);
    assertThat(submitted).containsExactly("INBOX", "Sent", "Drafts");
    RuntimeException broke = new RuntimeException("broke");
    running.get("INBOX").completeExceptionally(broke);
    assertThat(submitted).containsExactly("INBOX", "Sent", "Drafts", "Archive");
    running.get("Drafts").complete(null);
    running.get("Archive").complete(null);
    running.get("Trash").complete(null);

    assertThat(submitted).containsExactly("INBOX", "Sent", "Drafts", "Archive", "Trash");
    assertThat(ended.keySet()).containsExactly("Sent", "INBOX", "Drafts", "Archive", "Trash");
    assertThat(ended.get("INBOX")).isSameAs(broke);
    assertThat(ended.get("Sent")).isNull();
  }

  @Test
  void aTaskThatCouldNotBeSubmittedEndsAsFailedAndTheNextStarts() {
    IllegalStateException refused = new IllegalStateException("executor closed");
    new FolderLaunch(List.of("a", "b", "c"), 1, folder -> {
      submitted.add(folder);
      if (folder.equals("b")) throw refused;
      return CompletableFuture.completedFuture(null);
    }, (folder, failure) -> ended.put(folder, failure)).start();

    assertThat(submitted).containsExactly("a", "b", "c");
    assertThat(ended).containsOnlyKeys("a", "b", "c");
    assertThat(ended.get("b")).isSameAs(refused);
  }

  @Test
  void tasksThatEndInsideSubmitStartTheRestWithoutDeepRecursion() {
    List<String> folders = IntStream.range(0, 100_000).mapToObj(i -> "folder-" + i).toList();
    int[] stack = {Integer.MAX_VALUE, 0}; // the shallowest and deepest stack a submit ran on
    new FolderLaunch(folders, 3, folder -> {
      int depth = Thread.currentThread().getStackTrace().length;
      stack[0] = Math.min(stack[0], depth);
      stack[1] = Math.max(stack[1], depth);
      return CompletableFuture.completedFuture(null);
    }, (folder, failure) -> ended.put(folder, failure)).start();

    assertThat(ended).hasSize(folders.size());
    assertThat(ended.keySet()).containsExactlyElementsOf(folders);
    assertThat(stack[1] - stack[0]).isLessThan(20);
  }

  @Test
  void aWindowBelowOneIsRefused() {
    assertThatThrownBy(() -> launch(List.of("INBOX"), 0)).isInstanceOf(IllegalArgumentException.class);
  }
}
