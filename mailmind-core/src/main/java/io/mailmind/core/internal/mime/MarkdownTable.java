package io.mailmind.core.internal.mime;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import org.jsoup.nodes.Element;

/**
 * A data table (see {@link HtmlCleaner}) as the lines of a pipe table, every value under its header. Cells are
 * laid on a grid as a browser lays them: a cell spanning columns ({@code colspan}) takes its first column and
 * leaves the others empty (a "Total" under "Item | SKU | Qty" stays under "Item", the amount under "Price"),
 * except in the header row, where the heading names every column it spans; a cell spanning rows
 * ({@code rowspan}) is repeated in each, so every row reads whole on its own. A table wider than
 * {@link #MAX_COLUMNS} has no readable pipe form: it is written as one line per row instead. Stateless.
 */
final class MarkdownTable {
  /** Wider grids are written as rows; also bounds the grid a hostile {@code colspan} could ask for. */
  static final int MAX_COLUMNS = 32;

  private MarkdownTable() {}

  /**
   * The lines to write for {@code table}, each cell's Markdown given by {@code cell} (one line, pipes escaped); an
   * empty string stands for a paragraph break. A {@code <caption>}, and leading rows of one cell spanning the
   * whole width (a title: "Message Hops" over six columns), are lines of their own before the table: as the
   * heading of every column they would name none.
   */
  static List<String> lines(Element table, Function<Element, String> cell) {
    List<Element> rows = new ArrayList<>();
    collectRows(table, rows);
    List<String> lines = new ArrayList<>();
    for (Element caption : table.children()) {
      if (caption.normalName().equals("caption")) addTitle(lines, cell.apply(caption));
    }
    int width = widest(rows);
    while (rows.size() > 1 && width > 1 && title(rows.get(0), width)) {
      addTitle(lines, cell.apply(rows.remove(0).child(0)));
    }
    if (!lines.isEmpty()) lines.add("");
    lines.addAll(table(grid(rows, cell)));
    return lines;
  }

  private static void addTitle(List<String> lines, String text) {
    if (!text.isBlank()) lines.add(MarkdownEscapes.escapeLineStart(text));
  }

  private static List<String> table(List<String[]> grid) {
    int columns = 0;
    for (String[] row : grid) columns = Math.max(columns, row.length);
    if (columns == 0) return List.of();
    if (columns > MAX_COLUMNS) return readableRows(grid);
    List<String> lines = new ArrayList<>();
    int[] widths = new int[columns];
    Arrays.fill(widths, 3);
    for (String[] row : grid) {
      for (int c = 0; c < row.length; c++) widths[c] = Math.max(widths[c], length(row[c]));
    }
    for (int r = 0; r < grid.size(); r++) {
      lines.add(tableRow(grid.get(r), widths));
      if (r == 0) {
        StringBuilder rule = new StringBuilder("|");
        for (int width : widths) rule.append("-".repeat(width + 2)).append('|');
        lines.add(rule.toString());
      }
    }
    return lines;
  }

  /** The most columns a row asks for, spans counted. */
  private static int widest(List<Element> rows) {
    int widest = 0;
    for (Element row : rows) {
      int width = 0;
      for (Element td : cells(row)) width += span(td.attr("colspan"), MAX_COLUMNS + 1);
      widest = Math.max(widest, width);
    }
    return widest;
  }

  private static boolean title(Element row, int width) {
    List<Element> cells = cells(row);
    return cells.size() == 1 && cells.get(0) == row.child(0)
        && span(cells.get(0).attr("colspan"), MAX_COLUMNS + 1) >= width && !cells.get(0).hasAttr("rowspan");
  }

  private static List<Element> cells(Element row) {
    List<Element> cells = new ArrayList<>();
    for (Element td : row.children()) {
      if (td.normalName().equals("td") || td.normalName().equals("th")) cells.add(td);
    }
    return cells;
  }

  private static int length(String cell) {
    return cell == null ? 0 : cell.length();
  }

  /** The cells placed by their spans; a slot no cell covers is {@code null}. */
  private static List<String[]> grid(List<Element> rows, Function<Element, String> cell) {
    List<String[]> grid = new ArrayList<>();
    for (int r = 0; r < rows.size(); r++) {
      int column = 0;
      for (Element td : cells(rows.get(r))) {
        while (taken(grid, r, column)) column++;
        if (column > MAX_COLUMNS) break; // written as rows anyway; no need to lay out more
        String text = cell.apply(td);
        int colspan = span(td.attr("colspan"), MAX_COLUMNS + 1 - column);
        int rowspan = span(td.attr("rowspan"), rows.size() - r);
        if (td.attr("rowspan").strip().equals("0")) rowspan = rows.size() - r; // 0: to the end of the table
        for (int dr = 0; dr < rowspan; dr++) {
          for (int dc = 0; dc < colspan; dc++) {
            // a heading names each column it spans; a value stays in its first column only
            String value = dc == 0 || r == 0 ? text : "";
            put(grid, r + dr, column + dc, value);
          }
        }
        column += colspan;
      }
      if (r >= grid.size()) grid.add(new String[0]); // a row of no cells keeps its place
    }
    grid.removeIf(row -> Arrays.stream(row).allMatch(value -> value == null));
    return grid;
  }

  private static int span(String attribute, int max) {
    try {
      int value = Integer.parseInt(attribute.strip());
      return Math.max(1, Math.min(value, Math.max(1, max)));
    } catch (NumberFormatException e) {
      return 1;
    }
  }

  private static boolean taken(List<String[]> grid, int row, int column) {
    return row < grid.size() && column < grid.get(row).length && grid.get(row)[column] != null;
  }

  private static void put(List<String[]> grid, int row, int column, String value) {
    while (grid.size() <= row) grid.add(new String[0]);
    String[] cells = grid.get(row);
    if (cells.length <= column) {
      cells = Arrays.copyOf(cells, column + 1);
      grid.set(row, cells);
    }
    cells[column] = value;
  }

  private static String tableRow(String[] cells, int[] widths) {
    StringBuilder line = new StringBuilder("|");
    for (int c = 0; c < widths.length; c++) {
      String cell = c < cells.length && cells[c] != null ? cells[c] : "";
      line.append(' ').append(cell).append(" ".repeat(widths[c] - cell.length())).append(" |");
    }
    return line.toString();
  }

  /** One line per row, its non-empty cells separated by {@code " · "}. */
  private static List<String> readableRows(List<String[]> grid) {
    List<String> lines = new ArrayList<>();
    for (String[] row : grid) {
      StringBuilder line = new StringBuilder();
      for (String value : row) {
        if (value == null || value.isEmpty()) continue;
        if (line.length() > 0) line.append(" · ");
        line.append(value);
      }
      if (line.length() > 0) lines.add(MarkdownEscapes.escapeLineStart(line.toString()));
    }
    return lines;
  }

  private static void collectRows(Element parent, List<Element> rows) {
    for (Element child : parent.children()) {
      switch (child.normalName()) {
        case "tr" -> rows.add(child);
        case "thead", "tbody", "tfoot" -> collectRows(child, rows);
        default -> { }
      }
    }
  }
}
