package io.sluice.sp.internal;

import io.sluice.sp.Message;
import io.sluice.sp.SpError;
import io.sluice.sp.SpException;
import java.util.concurrent.TimeUnit;

/**
 * Cooked SURVEYOR: send starts a survey (cancelling the context's previous one); recv returns
 * answers until the survey deadline, then TIMED_OUT once, then BAD_STATE until the next survey
 * (nanomsg's behaviour).
 *
 * <p>Thread-safe.
 */
final class SurveyorFront extends AskingFront {
  SurveyorFront(SocketCore core) {
    super(core);
  }

  @Override
  public boolean send(Ctx ctx, Message m, long timeoutNanos) {
    checkCtx(ctx);
    int id = newId();
    long deadline =
        core.reactor.now() + TimeUnit.MILLISECONDS.toNanos(core.options().surveyDeadlineMillis());
    synchronized (ctx) {
      ctx.requestId = id;
      ctx.deadline = deadline;
      ctx.replies.clear();
    }
    Message wire = new Message(Backtrace.bytes(id), m.body());
    SurveyorBack back = (SurveyorBack) core.back;
    core.execute(() -> back.survey(ctx, id, wire, deadline));
    return true;
  }

  @Override
  public Message recv(Ctx ctx, long timeoutNanos) {
    checkCtx(ctx);
    long userDeadline = core.reactor.now() + timeoutNanos;
    while (true) {
      int id = ctx.requestId;
      if (id == 0) {
        throw new SpException(SpError.BAD_STATE, "no survey outstanding");
      }
      long now = core.reactor.now();
      long surveyLeft = ctx.deadline - now;
      if (surveyLeft <= 0) {
        synchronized (ctx) {
          if (ctx.requestId == id) {
            ctx.requestId = 0;
          }
        }
        throw new SpException(SpError.TIMED_OUT, "survey deadline passed");
      }
      long left = timeoutNanos < 0 ? surveyLeft : Math.min(surveyLeft, userDeadline - now);
      if (left <= 0 && timeoutNanos >= 0) {
        left = 0;
      }
      Message answer = ctx.replies.take(left);
      if (answer == null) {
        if (timeoutNanos >= 0 && core.reactor.now() - userDeadline >= 0) {
          return null;
        }
        continue;
      }
      if (Backtrace.int32(answer.header(), 0) == ctx.requestId) {
        return new Message(answer.body());
      }
    }
  }

  @Override
  void cancelOnIo(Ctx ctx) {
    ((SurveyorBack) core.back).cancel(ctx);
  }
}
