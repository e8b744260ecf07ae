package io.persona.simulations.learning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CtrChartTest {
  @TempDir
  Path dir;

  @Test
  void writesAReadablePngOfTheRightSizeFromTwoResultFiles() throws Exception {
    Path learning = dir.resolve("learning.json");
    Path popularity = dir.resolve("popularity.json");
    Files.writeString(learning, result("learning", "0.02", "0.04", "0.07", "0.09"));
    Files.writeString(popularity, result("popularity", "0.02", "0.03", "null", "0.03"));
    Path png = dir.resolve("charts/learning-ctr.png");

    CtrChart.main(new String[] {learning.toString(), popularity.toString(), png.toString()});

    BufferedImage image = ImageIO.read(png.toFile());
    assertNotNull(image, "not a readable image");
    assertEquals(900, image.getWidth());
    assertEquals(500, image.getHeight());
    int blue = 0;
    int orange = 0;
    for (int x = 0; x < image.getWidth(); x++) {
      for (int y = 0; y < image.getHeight(); y++) {
        int rgb = image.getRGB(x, y) & 0xffffff;
        blue += rgb == 0x1f77b4 ? 1 : 0;
        orange += rgb == 0xff7f0e ? 1 : 0;
      }
    }
    assertNotEquals(0, blue, "the learning curve is drawn");
    assertNotEquals(0, orange, "the popularity curve is drawn");
  }

  @Test
  void stepsAreOneTwoOrFiveTimesAPowerOfTen() {
    assertEquals(0.01, CtrChart.niceStep(0.008), 1e-12);
    assertEquals(0.02, CtrChart.niceStep(0.011), 1e-12);
    assertEquals(0.05, CtrChart.niceStep(0.03), 1e-12);
    assertEquals(0.1, CtrChart.niceStep(0.07), 1e-12);
  }

  @Test
  void aSeriesSkipsMinutesThatShowedNothing() throws Exception {
    CtrChart.Series series = CtrChart.series(RunReport.MAPPER.readTree(result("x", "0.1", "null")));
    assertEquals(List.of(1, 2), List.of(series.minutes()[0], series.minutes()[1]));
    assertEquals(0.1, series.ctr()[0]);
    assertEquals(Double.NaN, series.ctr()[1]);
  }

  private static String result(String label, String... ctrs) {
    StringBuilder minutes = new StringBuilder();
    for (int m = 0; m < ctrs.length; m++) {
      minutes.append(m == 0 ? "" : ",").append("{\"minute\":").append(m + 1).append(",\"ctr\":").append(ctrs[m])
          .append('}');
    }
    return "{\"label\":\"" + label + "\",\"world\":{\"randomSlateCtr\":0.025},\"minutes\":[" + minutes + "]}";
  }
}
