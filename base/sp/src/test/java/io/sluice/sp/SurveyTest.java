package io.sluice.sp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** SURVEYOR/RESPONDENT: nanomsg tests/survey.c and NNG survey scenarios. */
class SurveyTest extends SpTestBase {

  @ParameterizedTest
  @EnumSource(Transport.class)
  void threeRespondentsTwoAnswerThenDeadlineThenBadState(Transport t) {
    SpSocket surveyor = open(Protocol.SURVEYOR, FAST.withSurveyDeadlineMillis(300));
    String url = surveyor.bind(t.bindUrl()).url();
    List<SpSocket> resp = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      SpSocket r = open(Protocol.RESPONDENT);
      r.connect(url);
      resp.add(r);
    }
    awaitPeers(surveyor, 3);
    surveyor.send("abc");
    for (SpSocket r : resp) {
      assertThat(r.recv(5000).bodyText()).isEqualTo("abc");
    }
    resp.get(0).send("one");
    resp.get(1).send("two");
    List<String> answers = new ArrayList<>();
    answers.add(surveyor.recv(5000).bodyText());
    answers.add(surveyor.recv(5000).bodyText());
    assertThat(answers).containsExactlyInAnyOrder("one", "two");
    assertThatThrownBy(() -> surveyor.recv(5000))
        .isInstanceOfSatisfying(
            SpException.class, e -> assertThat(e.error()).isEqualTo(SpError.TIMED_OUT));
    assertThatThrownBy(() -> surveyor.recv(5000))
        .isInstanceOfSatisfying(
            SpException.class, e -> assertThat(e.error()).isEqualTo(SpError.BAD_STATE));
    // the third answers late: that answer must not surface in the next survey
    resp.get(2).send("late");
    surveyor.send("next");
    for (SpSocket r : resp) {
      assertThat(r.recv(5000).bodyText()).isEqualTo("next");
    }
    resp.get(0).send("fresh");
    assertThat(surveyor.recv(5000).bodyText()).isEqualTo("fresh");
  }

  @Test
  void respondentSendWithoutSurveyIsBadState() {
    SpSocket r = open(Protocol.RESPONDENT);
    assertThatThrownBy(() -> r.send("x"))
        .isInstanceOfSatisfying(
            SpException.class, e -> assertThat(e.error()).isEqualTo(SpError.BAD_STATE));
    SpSocket s = open(Protocol.SURVEYOR);
    assertThatThrownBy(() -> s.recv(10))
        .isInstanceOfSatisfying(
            SpException.class, e -> assertThat(e.error()).isEqualTo(SpError.BAD_STATE));
  }

  @Test
  void surveyorContextsRunIndependentSurveys() {
    SpSocket surveyor = open(Protocol.SURVEYOR, FAST.withSurveyDeadlineMillis(2000));
    SpSocket r = open(Protocol.RESPONDENT);
    r.connect(surveyor.bind(Transport.INPROC.bindUrl()).url());
    awaitPeers(surveyor, 1);
    SocketContext a = surveyor.openContext();
    SocketContext b = surveyor.openContext();
    a.send(msg("qa"));
    b.send(msg("qb"));
    SocketContext ra = r.openContext();
    SocketContext rb = r.openContext();
    String first = ra.recv(5000).bodyText();
    String second = rb.recv(5000).bodyText();
    rb.send(msg("ans-" + second));
    ra.send(msg("ans-" + first));
    assertThat(a.recv(5000).bodyText()).isEqualTo("ans-qa");
    assertThat(b.recv(5000).bodyText()).isEqualTo("ans-qb");
  }
}
