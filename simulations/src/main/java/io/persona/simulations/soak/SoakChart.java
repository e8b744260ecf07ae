package io.persona.simulations.soak;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;

/** The soak's samples per minute, one panel each (heap after GC, threads, live entities, pending work), plain Java2D. */
final class SoakChart {
  private static final int WIDTH = 900;
  private static final int PANEL = 230;
  private static final int LEFT = 80;
  private static final int TOP = 50;

  private SoakChart() {}

  static void draw(List<Map<String, Object>> samples, Path out) throws IOException {
    String[][] panels = {
        {"heapAfterGcMb", "heap after GC (MB, the lowest of 3 full GCs)"},
        {"threads", "live threads"},
        {"liveEntities", "live user entities"},
        {"cassandraPendingTasks", "Cassandra's pending tasks (all thread pools)"}};
    Color[] colors = {new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c), new Color(0xd62728)};
    BufferedImage image = new BufferedImage(WIDTH, TOP + panels.length * (PANEL + 30) + 30, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, image.getWidth(), image.getHeight());
    g.setColor(Color.BLACK);
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
    g.drawString("Soak: the node's heap after a full GC, threads, live entities and pending work, per minute",
        LEFT, 28);
    for (int p = 0; p < panels.length; p++) {
      panel(g, samples, panels[p][0], panels[p][1], TOP + p * (PANEL + 30), colors[p]);
    }
    g.dispose();
    ImageIO.write(image, "png", out.toFile());
  }

  private static void panel(Graphics2D g, List<Map<String, Object>> samples, String key, String label, int top,
                            Color color) {
    int height = PANEL - 40;
    int width = WIDTH - LEFT - 30;
    double max = Math.max(1, samples.stream().mapToDouble(s -> value(s, key)).max().orElse(1)) * 1.15;
    int lastMinute = Math.max(1, samples.size() - 1);
    g.setColor(Color.GRAY);
    g.drawRect(LEFT, top, width, height);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    g.drawString(label, LEFT, top - 6);
    g.drawString("0", LEFT - 20, top + height);
    g.drawString(String.format("%.0f", max), LEFT - 60, top + 12);
    g.drawString("minute " + lastMinute, LEFT + width - 60, top + height + 16);
    g.setColor(color);
    g.setStroke(new BasicStroke(2f));
    int px = -1;
    int py = -1;
    for (int i = 0; i < samples.size(); i++) {
      double v = value(samples.get(i), key);
      int x = LEFT + (int) ((double) i / lastMinute * width);
      int y = top + height - (int) (v / max * height);
      if (px >= 0) {
        g.drawLine(px, py, x, y);
      }
      g.fillOval(x - 2, y - 2, 5, 5);
      px = x;
      py = y;
    }
  }

  /** A sample's value, 0 where it was not taken (a probe that failed records -1). */
  private static double value(Map<String, Object> sample, String key) {
    return sample.get(key) instanceof Number n ? Math.max(0, n.doubleValue()) : 0;
  }
}
