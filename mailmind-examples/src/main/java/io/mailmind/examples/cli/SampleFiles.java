package io.mailmind.examples.cli;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;

/** Small, valid, deterministic attachment files for the sample mailbox: one-page PDFs and PNG pictures. */
final class SampleFiles {
  private SampleFiles() {}

  /** A one-page PDF showing {@code lines} (ASCII only, as the built-in Helvetica needs). */
  static byte[] pdf(String... lines) {
    StringBuilder stream = new StringBuilder("BT /F1 12 Tf 72 770 Td 16 TL\n");
    for (String line : lines) {
      stream.append('(').append(line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")).append(") '\n");
    }
    stream.append("ET\n");
    List<String> objects = List.of(
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
            + "/Resources << /Font << /F1 5 0 R >> >> >>",
        "<< /Length " + stream.length() + " >>\nstream\n" + stream + "endstream",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>");
    // The binary comment line real PDF writers put second marks the file as binary, so mail clients send it
    // base64 (a 7bit part with bare LF line ends would be read back differently by IMAP servers).
    StringBuilder pdf = new StringBuilder("%PDF-1.4\n%\u00e2\u00e3\u00cf\u00d3\n");
    List<Integer> offsets = new ArrayList<>();
    for (int i = 0; i < objects.size(); i++) {
      offsets.add(pdf.length());
      pdf.append(i + 1).append(" 0 obj\n").append(objects.get(i)).append("\nendobj\n");
    }
    int xref = pdf.length();
    pdf.append("xref\n0 ").append(objects.size() + 1).append("\n0000000000 65535 f \n");
    for (int offset : offsets) pdf.append(String.format("%010d 00000 n \n", offset));
    pdf.append("trailer\n<< /Size ").append(objects.size() + 1).append(" /Root 1 0 R >>\nstartxref\n")
        .append(xref).append("\n%%EOF\n");
    return pdf.toString().getBytes(StandardCharsets.ISO_8859_1);
  }

  /** A {@code width}x{@code height} PNG: a gradient from {@code fromRgb} to {@code toRgb}, top to bottom. */
  static byte[] png(int width, int height, int fromRgb, int toRgb) {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < height; y++) {
      int rgb = mix(fromRgb, toRgb, height == 1 ? 0 : (double) y / (height - 1));
      for (int x = 0; x < width; x++) image.setRGB(x, y, rgb);
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try {
      ImageIO.write(image, "png", bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  private static int mix(int from, int to, double t) {
    int red = (int) Math.round(((from >> 16) & 0xff) * (1 - t) + ((to >> 16) & 0xff) * t);
    int green = (int) Math.round(((from >> 8) & 0xff) * (1 - t) + ((to >> 8) & 0xff) * t);
    int blue = (int) Math.round((from & 0xff) * (1 - t) + (to & 0xff) * t);
    return (red << 16) | (green << 8) | blue;
  }
}
