package keyed

import "testing"

func TestMutex(t *testing.T) {
	t.Parallel()
	var k Mutex
	unlockA := k.Lock("a")
	unlockB := k.Lock("b") // another key does not wait
	waiting := make(chan struct{})
	got := make(chan struct{})
	go func() {
		close(waiting)
		unlock := k.Lock("a")
		close(got)
		unlock()
	}()
	<-waiting
	// The second holder of "a" cannot get in while the first holds it:
	// it is counted as waiting, and got stays open until unlockA.
	for k.refs("a") != 2 {
		select {
		case <-got:
			t.Fatal("a second holder of one key got in")
		default:
		}
	}
	select {
	case <-got:
		t.Fatal("a second holder of one key got in")
	default:
	}
	unlockA()
	<-got
	unlockB()
	if n := k.held(); n != 0 {
		t.Fatalf("entries left: %d", n)
	}
}

func (k *Mutex) refs(key string) int {
	k.mu.Lock()
	defer k.mu.Unlock()
	if e := k.locks[key]; e != nil {
		return e.refs
	}
	return 0
}
