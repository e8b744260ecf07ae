package io.persona.simulations.learning;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SimulatedWorldTest {
  private final SimulatedWorld world = new SimulatedWorld(WorldSettings.defaults(42));

  @Test
  void aShiftedWorldClicksOtherItemsAtAboutTheSameRate() {
    double before = 0;
    double after = 0;
    double bestBefore = 0;
    double bestAfter = 0;
    for (WorldUser user : world.users()) {
      WorldItem best = world.items().stream()
          .max(Comparator.comparingDouble(item -> world.clickProbability(user, item, 0))).orElseThrow();
      bestBefore += world.clickProbability(user, best, 0);
      bestAfter += world.clickProbability(user, best, 0, true);
      for (int i = 0; i < world.items().size(); i += 7) {
        before += world.clickProbability(user, world.items().get(i), 0);
        after += world.clickProbability(user, world.items().get(i), 0, true);
      }
    }
    assertEquals(1.0, after / before, 0.25, "about the same click rate overall");
    assertTrue(bestAfter < bestBefore / 5, "each user's favourite item is now rarely clicked: " + bestAfter / bestBefore);
    WorldUser first = world.users().get(0);
    assertEquals(world.clickProbability(first, world.items().get(0), 2),
        world.clickProbability(first, world.items().get(0), 2, false));
  }

  @Test
  void theWorldIsAFunctionOfTheSeed() {
    SimulatedWorld again = new SimulatedWorld(WorldSettings.defaults(42));
    for (int i = 0; i < world.items().size(); i += 101) {
      WorldItem a = world.items().get(i);
      WorldItem b = again.items().get(i);
      assertEquals(a.itemId(), b.itemId());
      assertEquals(a.category(), b.category());
      assertEquals(a.tags(), b.tags());
      assertArrayEquals(a.latent(), b.latent());
    }
    for (int u = 0; u < world.users().size(); u += 37) {
      WorldUser a = world.users().get(u);
      WorldUser b = again.users().get(u);
      assertEquals(a.preferredCategory(), b.preferredCategory());
      assertEquals(a.device(), b.device());
      assertArrayEquals(a.latent(), b.latent());
      assertEquals(world.clickProbability(a, world.items().get(u), 3),
          again.clickProbability(b, again.items().get(u), 3));
    }
    SimulatedWorld other = new SimulatedWorld(WorldSettings.defaults(43));
    assertFalse(java.util.Arrays.equals(world.users().get(0).latent(), other.users().get(0).latent()));
  }

  @Test
  void theCatalogHasEveryCategoryBothDevicesAndCheapItems() {
    assertEquals(2_000, world.items().size());
    assertEquals(400, world.users().size());
    assertEquals(20, world.items().stream().mapToInt(WorldItem::category).distinct().count());
    long cheap = world.items().stream().filter(WorldItem::cheap).count();
    assertTrue(cheap > 300 && cheap < 700, "cheap items: " + cheap);
    long mobile = world.users().stream().filter(WorldUser::mobile).count();
    assertTrue(mobile > 150 && mobile < 250, "mobile users: " + mobile);
  }

  @Test
  void randomListsGetTwoToThreePercentAndTheBestListsAQuarterToAThird() {
    for (long seed : new long[] {1, 42, 2026}) {
      SimulatedWorld w = new SimulatedWorld(WorldSettings.defaults(seed));
      double random = w.randomSlateCtr(10);
      double best = w.bestSlateCtr(10);
      assertTrue(random >= 0.02 && random <= 0.03, "seed " + seed + ": random lists " + random);
      assertTrue(best >= 0.25 && best <= 0.35, "seed " + seed + ": best lists " + best);
    }
  }

  @Test
  void randomListsDrawnInTheLoopClickAtTheCalibratedRate() {
    SplittableRandom random = new SplittableRandom(7);
    long clicks = 0;
    long shown = 0;
    for (int slate = 0; slate < 20_000; slate++) {
      WorldUser user = world.users().get(random.nextInt(world.users().size()));
      for (int p = 0; p < 10; p++) {
        WorldItem item = world.items().get(random.nextInt(world.items().size()));
        clicks += random.nextDouble() < world.clickProbability(user, item, p) ? 1 : 0;
        shown++;
      }
    }
    double ctr = (double) clicks / shown;
    assertEquals(world.randomSlateCtr(10), ctr, 0.003);
  }

  @Test
  void aUsersBestItemsAreClickedMoreThanRandomOnes() {
    SplittableRandom random = new SplittableRandom(3);
    long preferred = 0;
    for (WorldUser user : world.users().subList(0, 50)) {
      List<WorldItem> best = world.items().stream()
          .sorted(Comparator.comparingDouble((WorldItem i) -> world.clickProbability(user, i, 0)).reversed())
          .limit(10).toList();
      double bestCtr = best.stream().mapToDouble(i -> world.clickProbability(user, i, 0)).average().orElseThrow();
      double randomCtr = random.ints(10, 0, world.items().size())
          .mapToDouble(i -> world.clickProbability(user, world.items().get(i), 0)).average().orElseThrow();
      assertTrue(bestCtr > 2 * randomCtr, user.userId() + ": best " + bestCtr + ", random " + randomCtr);
      preferred += best.stream().filter(i -> i.category() == user.preferredCategory()).count();
    }
    // one category in 20 holds 5 % of the items, and a third or more of a user's best ones
    assertTrue(preferred >= 0.33 * 500, "best items of the preferred category: " + preferred + " of 500");
  }

  @Test
  void theFeatureCrossesAndThePositionMatter() {
    WorldItem item = world.items().stream().filter(WorldItem::cheap).findFirst().orElseThrow();
    WorldUser mobile = world.users().stream().filter(WorldUser::mobile).findFirst().orElseThrow();
    WorldUser desktop = new WorldUser("d", mobile.latent(), mobile.preferredCategory(), WorldUser.DESKTOP);
    assertTrue(world.clickProbability(mobile, item, 0) > world.clickProbability(desktop, item, 0));
    assertTrue(world.clickProbability(mobile, item, 0) > world.clickProbability(mobile, item, 9));
    WorldUser other = new WorldUser("o", mobile.latent(), (item.category() + 1) % 20, mobile.device());
    WorldUser fan = new WorldUser("f", mobile.latent(), item.category(), mobile.device());
    assertTrue(world.clickProbability(fan, item, 0) > world.clickProbability(other, item, 0));
    assertNotEquals(SimulatedWorld.positionDecay(0), SimulatedWorld.positionDecay(1));
  }

  @Test
  void theBestListsHoldMostlyThePreferredCategoryAndCheapItemsForMobileUsers() {
    double[] shares = world.bestListShares(10);
    // the category adds 2 to the logit and cheap-on-mobile 1.5, the taste up to ±3: both show, neither decides alone
    assertTrue(shares[0] > 0.5 && shares[0] < 1, "preferred share " + shares[0]);
    assertTrue(shares[1] > 0.25 && shares[1] < 1, "cheap share for mobile " + shares[1]);
    WorldUser user = world.users().get(3);
    assertEquals(world.bestSlateCtr(user, 10) * 10, world.bestSlateClicks(user, 10, false), 1e-12);
    assertNotEquals(world.bestSlateClicks(user, 10, false), world.bestSlateClicks(user, 10, true));
  }
}
